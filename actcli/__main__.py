"""``python -m actcli`` runs the command-line interface."""

from actcli.cli import main

if __name__ == "__main__":
    main()
