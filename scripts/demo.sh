#!/usr/bin/env bash
# The showcase run by `make demo`: what actcli does, on real commands. Images go to demo-out/.
# Each command is echoed as it would be typed (quoted where the shell needs it), in bold only on a
# terminal and only without NO_COLOR (https://no-color.org).
set -euo pipefail
out=demo-out
mkdir -p "$out"

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi

quote() {  # one word as a shell would need it: bare when safe, else in single quotes
    if [[ $1 =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then printf '%s' "$1"
    else printf "'%s'" "${1//\'/\'\\\'\'}"; fi
}

show() {  # print "$ cmd args…", quoted for pasting
    local line='$' word
    for word in "$@"; do line+=" $(quote "$word")"; done
    printf '\n%s%s%s\n' "$bold" "$line" "$plain"
}

step() { show "$@"; "$@"; }

step actcli --version
step actcli list
step actcli derive sigmoid
step actcli derive leaky_relu --at 0 --at -2
step actcli derive softmax --at 1 --at 2 --at 3
step actcli --lang zh derive relu          # the same in Simplified Chinese (or ACTCLI_LANG=zh, or a zh_CN locale)
step actcli --lang zh derive leaky_relu:negative_slope=2 || true   # an error, in Chinese: exit code 2
step actcli plot sigmoid tanh relu -o "$out/sigmoid-tanh-relu.png"
step actcli plot softmax -o "$out/softmax.png"
step actcli compare sigmoid tanh relu
step actcli recommend --task multiclass
step actcli recommend --task binary --current sigmoid --depth 20 --layer hidden
step actcli simulate sigmoid tanh relu --depth 10 -o "$out/simulate.png"
step actcli derive "x*tanh(softplus(x))" --at 1
step actcli compare mish "x*tanh(softplus(x))" --no-timing --format markdown

script=$(cat <<'PY'
import actcli
sig = actcli.get("sigmoid")
print("sigmoid'(40)  =", float(sig.derivative(40.0)), " (the textbook σ(1−σ) gives 0.0 here)")
leaky = actcli.get("LeakyReLU:negative_slope=0.2")
print(repr(leaky), "→ f(−1) =", float(leaky(-1.0)), ", f'(0) =", float(leaky.derivative(0.0)))
print("softmax([1000, 1001, 1002]) =", actcli.get("softmax")([1000.0, 1001.0, 1002.0]))
PY
)
printf '\n%s$ python - <<'"'"'PY'"'"'%s\n%s\nPY\n' "$bold" "$plain" "$script"
python - <<<"$script"
printf '\nimages: %s\n' "$(ls "$out"/*.png | tr '\n' ' ')"
