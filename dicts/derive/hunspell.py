"""hunspell.py - the word forms of Debian's hunspell-sv dictionary (sv_SE, by Göran
Andersson, LGPL-3; see /usr/share/doc/hunspell-sv/copyright), expanded with hunspell's
unmunch (package hunspell-tools), lowercased, letters only, one form a line.

usage: python3 hunspell.py | gzip -9 > ../hunspell_sv_forms.txt.gz
"""
import subprocess

DIC = '/usr/share/hunspell/sv_SE.dic'
AFF = '/usr/share/hunspell/sv_SE.aff'


def main():
    out = subprocess.run(['unmunch', DIC, AFF], capture_output=True, check=True).stdout
    forms = set()
    for line in out.decode('utf-8', 'replace').split('\n'):
        w = line.strip().lower()
        if len(w) >= 1 and all(c.isalpha() for c in w):
            forms.add(w)
    print('# Word forms of hunspell-sv (sv_SE.dic/.aff 2.x by Göran Andersson, LGPL-3),')
    print('# expanded with unmunch and lowercased by dicts/derive/hunspell.py.')
    for w in sorted(forms):
        print(w)


if __name__ == '__main__':
    main()
