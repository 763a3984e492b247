"""pytest plugin loaded first (`-p tests.httpx_alias`): make `httpx` mean `httpx2` before respx loads.

openai 3.x sends through httpx2; stock respx patches httpx. Aliasing before anything imports httpx makes respx
see every request the SDK sends, so no test can reach the network by accident.
"""

import httpx2

httpx2.alias_httpx()
