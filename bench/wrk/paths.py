#!/usr/bin/env python3
"""Writes wrk Lua scripts for ITI-68 (retrieve.lua) and ITI-67 (search.lua) over the dossiers made by
`generate-data` (ids are UUIDv3 of 'bench-dossier-<i>' and 'bench-doc-<i>-0', as DataGenerator derives them).
Usage: paths.py <dossiers> <out dir>; then TOKEN=... wrk -t2 -c16 -d20s --latency -s <out>/retrieve.lua http://127.0.0.1:8080
"""
import hashlib, random, sys, uuid

def name_uuid(s):
    # java.util.UUID.nameUUIDFromBytes: MD5, version 3, IETF variant
    h = bytearray(hashlib.md5(s.encode()).digest())
    h[6] = (h[6] & 0x0f) | 0x30
    h[8] = (h[8] & 0x3f) | 0x80
    return str(uuid.UUID(bytes=bytes(h)))

def script(path, template, accept, ids):
    with open(path, "w") as f:
        f.write("paths = {\n")
        for i in ids:
            f.write('"%s",\n' % template(i))
        f.write("}\n")
        f.write('token = os.getenv("TOKEN")\ncounter = 0\nrequest = function()\n  counter = counter + 1\n'
                '  local p = paths[(counter %% #paths) + 1]\n'
                '  return wrk.format("GET", p, {["Authorization"] = "Bearer " .. token, ["Accept"] = "%s"})\nend\n' % accept)

dossiers, out = int(sys.argv[1]), sys.argv[2]
random.seed(1)
ids = [random.randrange(dossiers) for _ in range(20000)]
script(out + "/retrieve.lua", lambda i: "/fhir/Binary/" + name_uuid("bench-doc-%d-0" % i), "application/pdf", ids)
script(out + "/search.lua", lambda i: "/fhir/DocumentReference?patient=Patient/%s&_count=10" % name_uuid("bench-dossier-%d" % i),
       "application/fhir+json", ids)
