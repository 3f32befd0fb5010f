#!/bin/sh
# records_schema.sh - every record the test suite produces validates against
# stages/records.schema.json with a real JSON parser (python3-json, python3-jsonschema):
# the golden outputs of records, and `tvatt run` (with and without --keep-furniture) over
# the golden inputs of every stage, the bundled sample and damaged bytes. Each output must
# be strict UTF-8 JSON Lines (no NaN), start with its document record, and keep ids unique
# (within the whole output, which may hold several files' records).
set -u
tvatt=${TVATT:-build/tvatt}
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0
# golden outputs of the records stage (JSON Lines ones: not csv or md, exit status 0)
for out in "$here"/tests/records/*.out; do
	case=${out%.out}
	grep -qs -e csv -e md "$case.args" && continue
	[ -f "$case.rc" ] && [ "$(cat "$case.rc")" != 0 ] && continue
	n=$((n + 1)); cp "$out" "$tmp/$n.jsonl"
done
# damaged bytes: random binary, invalid UTF-8, control characters, a NUL in text
python3 - "$tmp" <<'PY'
import random, sys
r = random.Random(6)
open(sys.argv[1] + '/random.bin', 'wb').write(bytes(r.randrange(256) for _ in range(20000)))
open(sys.argv[1] + '/damaged.txt', 'wb').write(
    b'# 1 Rubrik\n\nText \xe5\xe4\xf6 \xc0\xaf \xed\xa0\x80 \x01\x1b\x7f "q" \\ slut\n\n'
    b'| a \xff | 12 |\n|--|--|\n| \x00 | 7,0% |\n\n<!-- tvatt table page=x lines=9-1 header=zz -->\n| 1 |\n\n'
    b'<!-- tvatt furniture lines=3 -->\nSidan 1\n')
PY
for in in "$here"/tests/*/*.in "$here"/scans/sample.txt "$tmp/random.bin" "$tmp/damaged.txt"; do
	case $in in */tests/cli/*) continue ;; esac
	n=$((n + 1)); timeout 120 "$tvatt" run -q "$in" > "$tmp/$n.jsonl" 2>/dev/null
	n=$((n + 1)); timeout 120 "$tvatt" run -q --keep-furniture "$in" > "$tmp/$n.jsonl" 2>/dev/null
	n=$((n + 1)); timeout 120 "$tvatt" records -q --keep-furniture "$in" > "$tmp/$n.jsonl" 2>/dev/null
done
# several files at once: each file's records after its own document record, in order, and
# no id twice in the run, though two of the files have one name
n=$((n + 1)); "$tvatt" run -q --jobs 2 "$here"/tests/records/blocks.in "$here"/tests/records/table.in \
	"$here"/scans/sample.txt "$here"/tests/restore/table.in > "$tmp/$n.jsonl" 2>/dev/null
python3 - "$here/stages/records.schema.json" "$tmp" "$n" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1], encoding='utf-8'))
Draft202012Validator.check_schema(schema)
v = Draft202012Validator(schema)
def no_constant(c):
    raise ValueError('not JSON: ' + c)
bad = records = 0
for i in range(1, int(sys.argv[3]) + 1):
    path = '%s/%d.jsonl' % (sys.argv[2], i)
    data = open(path, 'rb').read()
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as e:
        print('FAIL %s: not UTF-8: %s' % (path, e)); bad += 1; continue
    if text and not text.endswith('\n'):
        print('FAIL %s: last line not ended' % path); bad += 1
    ids, docs = set(), 0
    for ln, line in enumerate(text.splitlines(), 1):
        try:
            rec = json.loads(line, parse_constant=no_constant)
        except ValueError as e:
            print('FAIL %s:%d: %s' % (path, ln, e)); bad += 1; continue
        records += 1
        for err in v.iter_errors(rec):
            print('FAIL %s:%d: %s at %s' % (path, ln, err.message, list(err.absolute_path))); bad += 1
        if rec.get('type') == 'document':
            docs += 1
        elif docs == 0:
            print('FAIL %s:%d: a record before the document record' % (path, ln)); bad += 1
        if rec.get('id') in ids:
            print('FAIL %s:%d: id %r twice' % (path, ln, rec.get('id'))); bad += 1
        ids.add(rec.get('id'))
    if i == int(sys.argv[3]) and docs != 4:
        print('FAIL %s: %d document records for 4 files' % (path, docs)); bad += 1
print('records_schema: %d records in %d outputs, %d failures' % (records, int(sys.argv[3]), bad))
sys.exit(1 if bad else 0)
PY
