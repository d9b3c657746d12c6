; A DKIM key pasted as one string: over 255 octets, so BIND refuses it.
; Put the cursor on the string and press Ctrl+. to split it.
$ORIGIN split.example.com.
$TTL 1h
sel1._domainkey IN TXT "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0298//W30V+nJOZg8DmCXOP22jtXQvb3UiF+gBHI1IQIyhpIX+hw01CaMCnPQSO/xtaEiQG8j9klAH3zhSFvqCHCbeN1uLcSketDx1y/9IHu5auK7uka0omsJUhPUUXRh1Vz6UpnvGe0C0DUmVfWMT29R17ZQ9IRuM8YhcBNu1QGfgCjdXodm+PVhoG2nTbzwRVCAtR4pv2WsT7cAYf0Q7WKBDuTx0pV73qb/jXGpxCOW5quZvUTrG3Jgs8xiJAuQoLgYrRT+0KUAsxLha313JeFdukGZUv7djrQuUkCvilqzWxWHlsLmIar5xPhrZ27MUnB5zhf5G+kfXFLpNq/PwIDAQAB"
