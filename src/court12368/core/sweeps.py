"""The core's sweeps, registered by ``CoreConfig.ready``: sealing new audit entries into the hash chain."""

from court12368.core import auditchain

SWEEPS = {"audit_chain": auditchain.seal}
