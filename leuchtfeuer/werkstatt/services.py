"""The Werkstatt services other parts of the platform call (the rest lives in the sub-domains:
`process/`, `kommunalprofil/`, `zukunftswerkstatt/`, `plan/`, `reports/`, each with its `services.py`).

- `ideas_receive`: a participation project sends its ideas into the town's Zukunftswerkstatt.
- `DOCUMENT_TYPES`, `MAX_UPLOAD_BYTES`: what a process document may be (the upload benchmark).
"""

from leuchtfeuer.werkstatt.process.services import DOCUMENT_TYPES, MAX_UPLOAD_BYTES
from leuchtfeuer.werkstatt.zukunftswerkstatt.services import ideas_receive

__all__ = ["DOCUMENT_TYPES", "MAX_UPLOAD_BYTES", "ideas_receive"]
