"""The voice line's own SIP user agent (UAS, UDP): answers calls, speaks G.711 over RTP, takes keys.

No maintained Python SIP stack fits a server that answers many calls without registering to a PBX
(pyVoIP is a registering phone, aiosip is unmaintained), so this is a small asyncio UAS of RFC 3261's
core: INVITE/ACK/BYE/CANCEL/OPTIONS/INFO answered, BYE and REFER sent, SDP offer/answer for PCMU/PCMA
and RFC 4733 telephone-events.
"""
