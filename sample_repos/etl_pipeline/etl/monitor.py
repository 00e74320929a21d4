"""A small window that shows when each nightly job last finished (for the ops desk PC)."""
try:
    import Tkinter as tk  # Python 2, still on the ops desk machine
except ImportError:
    import tkinter as tk

from etl.config import get_config

REFRESH_MS = 60 * 1000


class StatusWindow(object):

    def __init__(self, root, config):
        self.root = root
        self.config = config
        self.label = tk.Label(root, text="waiting for the first refresh...", justify="left")
        self.label.pack(padx=12, pady=12)

    def refresh(self):
        lines = ["%s: %s" % (name, self.config.get(name, "last_run") or "never") for name in sorted(self.config.sections())]
        self.label.config(text="\n".join(lines) or "no jobs configured")
        self.root.after(REFRESH_MS, self.refresh)


def main():
    root = tk.Tk()
    root.title("ETL status")
    window = StatusWindow(root, get_config())
    window.refresh()
    root.mainloop()
