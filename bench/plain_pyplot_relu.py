"""What a user would otherwise write: relu and its derivative with plain pyplot."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

x = np.linspace(-7, 7, 2001)
fig, (ax1, ax2) = plt.subplots(2, 1, sharex=True, figsize=(7.2, 6.4))
ax1.plot(x, np.maximum(x, 0), label="relu")
ax2.plot(x, (x > 0).astype(float))
ax1.set_ylabel("f(x)")
ax2.set_ylabel("f'(x)")
ax2.set_xlabel("x")
ax1.legend()
ax1.grid(True)
ax2.grid(True)
fig.suptitle("relu(x) = max(0, x)")
fig.savefig("plain.png", dpi=150)
