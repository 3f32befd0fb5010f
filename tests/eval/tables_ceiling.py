#!/usr/bin/env python3
"""tables_ceiling.py SCORE-TABLES PAGEDIR... - the OCR ceiling of the tables figures.

For every page directory (gold.json and ocr.txt), count the gold rows (as score-tables
counts them) that no rule of the tables stage could get right because Tesseract lost
what the row needs:
  - a number: some numeric cell whose digits (signs, separators and the decimal mark
    left out) appear neither within one line of ocr.txt (its digits read with
    everything else left out, so glued groups, split groups and rule glyphs still
    count as readable) nor, for a number of several digit groups, group by group on
    lines of their own (a number wrapped in a narrow column);
  - the label: its letters and digits (case, diacritics and punctuation left out, as
    score-tables compares them) appear nowhere in the page's text read the same way
    (lines joined, so a wrapped label counts as readable).
The test is lenient (a short number is nearly always "found" somewhere on the page), so
the count of lost rows is a lower bound and the ceiling an upper bound.
Prints one line: lost rows by cause, and the ceiling as a share of the gold rows."""
import sys, io, json, re, contextlib, importlib.machinery, importlib.util


def load_score(path):
    """score-tables as a module: it runs its main() when loaded, so it is loaded with no
    arguments (it prints its usage to a discarded stderr and exits 2) for its functions."""
    loader = importlib.machinery.SourceFileLoader("score_tables", path)
    spec = importlib.util.spec_from_loader("score_tables", loader)
    mod = importlib.util.module_from_spec(spec)
    argv, sys.argv = sys.argv, [path]
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            loader.exec_module(mod)
    except SystemExit:
        pass
    finally:
        sys.argv = argv
    return mod


def digits(s):
    return re.sub(r"\D", "", s)


def main():
    st = load_score(sys.argv[1])
    total = lost_num = lost_label = lost = 0
    for page in sys.argv[2:]:
        try:
            gold = json.load(open(page + "/gold.json", encoding="utf-8"))
            ocr = open(page + "/ocr.txt", encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        lines = ocr.split("\n")
        line_digits = [digits(l) for l in lines]
        page_text = st.norm(ocr)
        # group tokens: runs of digits as the lines print them
        tokens = [set(re.findall(r"\d+", l)) for l in lines]
        all_tokens = set().union(*tokens) if tokens else set()
        wanted = {(st.norm(lab), tuple(nums)) for lab, nums in st.gold_rows(gold)}
        for t in gold["tables"]:
            body = t["rows"] if isinstance(t, dict) else t
            for r in body:
                if not r or r[0] in (None, "") or isinstance(t, dict):
                    continue
                if st.swenum(str(r[0])) is not None:
                    continue
                cells = [str(c) for c in r[1:] if st.swenum(str(c)) is not None]
                nums = tuple(st.swenum(c) for c in cells)
                if (st.norm(r[0]), nums) not in wanted:
                    continue
                total += 1
                bad_num = False
                for c in cells:
                    d = digits(c)
                    if not d or any(d in ld for ld in line_digits):
                        continue
                    groups = re.findall(r"\d+", c)
                    if len(groups) > 1 and all(g in all_tokens or
                                               any(tok.endswith(g) or tok.startswith(g)
                                                   for tok in all_tokens) for g in groups):
                        continue
                    bad_num = True
                bad_label = st.norm(r[0]) not in page_text
                lost_num += bad_num
                lost_label += bad_label and not bad_num
                lost += bad_num or bad_label
    share = 100.0 * (total - lost) / max(1, total)
    print("OCR ceiling: %d of %d gold rows lost by Tesseract (%d a number misread, %d only "
          "the label); at most %d/%d = %.2f %% reachable" %
          (lost, total, lost_num, lost_label, total - lost, total, share))


if __name__ == "__main__":
    main()
