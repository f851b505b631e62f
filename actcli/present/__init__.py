"""The only layer that writes sentences or formats numbers: terminal text and tables (rich), JSON,
Markdown, CSV and figures (matplotlib, imported lazily). It reads the core's and the analysis's
data; nothing below it knows how a result will look."""
