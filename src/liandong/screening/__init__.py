"""Clue screening (线索筛查, seed 三(三); DESIGN.md §4.10; SCREENING.md): bid data imported from
the Chinese template or OCDS, screened by the statutory rules, price screens and OCDS red
flags. A plain library: no Django imports, usable from Python and from ``liandong screen``.

Every flag is a clue for people to investigate, worded as such — never a finding."""
