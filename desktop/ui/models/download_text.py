"""How a download's progress reads: bytes of total, speed, time left (the queue, the welcome
panel and the status bar say it the same way)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.units import size_text


def progress_text(done: int, total: int | None) -> str:
    """“212.00 MB of 469.00 MB (45%)”; without a total, “212.00 MB of unknown”."""
    text = QCoreApplication.translate("DownloadText", "%1 of %2")
    text = text.replace("%1", size_text(done)).replace("%2", size_text(total))
    if total:
        text += f" ({min(1.0, done / total) * 100:.0f}%)"
    return text


def speed_text(bytes_per_second: float) -> str:
    return QCoreApplication.translate("DownloadText", "%1/s").replace(
        "%1", size_text(int(bytes_per_second))
    )


def eta_text(seconds: float) -> str:
    """“about 40 s left”, “about 3 min left”, “about 2 h 5 min left”."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return QCoreApplication.translate("DownloadText", "about %1 s left").replace(
            "%1", str(seconds)
        )
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return QCoreApplication.translate("DownloadText", "about %1 min left").replace(
            "%1", str(minutes)
        )
    return (
        QCoreApplication.translate("DownloadText", "about %1 h %2 min left")
        .replace("%1", str(minutes // 60))
        .replace("%2", str(minutes % 60))
    )
