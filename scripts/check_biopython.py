#!/usr/bin/env python3
"""Check that Biopython's Bio.Phylo reads Lineage's Newick and Nexus tree files.

Usage: check_biopython.py TREE.nwk TREES.nex EXPECTED.txt

EXPECTED.txt lists the leaf names, one per line. Each tree in both files must have
exactly these leaf names (in any order). Prints what was read; exits 1 on a mismatch,
2 when a file cannot be parsed.
"""

import sys

from Bio import Phylo


def nexus_unquote(name):
    """Undo Bio.Nexus.Nexus.safename, which keeps translated taxon names in their quoted Nexus form."""
    if len(name) >= 2 and name.startswith("'") and name.endswith("'"):
        return name[1:-1].replace("''", "'")
    return name


def leaf_names(tree, fmt):
    names = (str(clade.name) for clade in tree.get_terminals())
    if fmt == "nexus":
        names = (nexus_unquote(name) for name in names)
    return sorted(names)


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    newick_path, nexus_path, expected_path = argv[1:]
    with open(expected_path, encoding="utf-8") as handle:
        expected = sorted(line.rstrip("\r\n") for line in handle if line.rstrip("\r\n"))
    ok = True
    for path, fmt in ((newick_path, "newick"), (nexus_path, "nexus")):
        try:
            trees = list(Phylo.parse(path, fmt))
        except Exception as error:  # noqa: BLE001 - any parse failure is a failed check
            print(f"{path}: Bio.Phylo could not read it as {fmt}: {error}", file=sys.stderr)
            return 2
        if not trees:
            print(f"{path}: no trees found", file=sys.stderr)
            ok = False
        for number, tree in enumerate(trees, start=1):
            names = leaf_names(tree, fmt)
            if names == expected:
                print(f"{path} ({fmt}) tree {number}: {len(names)} leaf names match")
            else:
                ok = False
                print(f"{path} ({fmt}) tree {number}: leaf names differ", file=sys.stderr)
                print(f"  expected: {expected}", file=sys.stderr)
                print(f"  read:     {names}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
