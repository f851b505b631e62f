#!/usr/bin/env bash
# The showcase run by `make demo`: what actcli does, on real commands. Images go to demo-out/.
set -euo pipefail
out=demo-out
mkdir -p "$out"
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step actcli --version
step actcli list
step actcli derive sigmoid
step actcli derive leaky_relu --at 0 --at -2
step actcli derive softmax --at 1 --at 2 --at 3
step actcli plot sigmoid tanh relu -o "$out/sigmoid-tanh-relu.png"
step actcli plot softmax -o "$out/softmax.png"
step actcli compare sigmoid tanh relu
step actcli recommend --task multiclass
step actcli recommend --task binary --current sigmoid --depth 20 --layer hidden
step actcli simulate sigmoid tanh relu --depth 10 -o "$out/simulate.png"
step actcli derive "x*tanh(softplus(x))" --at 1
step actcli compare mish "x*tanh(softplus(x))" --no-timing --format markdown
step python - <<'PY'
import actcli
sig = actcli.get("sigmoid")
print("sigmoid'(40)  =", float(sig.derivative(40.0)), " (the textbook σ(1−σ) gives 0.0 here)")
leaky = actcli.get("LeakyReLU:negative_slope=0.2")
print(repr(leaky), "→ f(−1) =", float(leaky(-1.0)), ", f'(0) =", float(leaky.derivative(0.0)))
print("softmax([1000, 1001, 1002]) =", actcli.get("softmax")([1000.0, 1001.0, 1002.0]))
PY
printf '\nimages: %s\n' "$(ls "$out"/*.png | tr '\n' ' ')"
