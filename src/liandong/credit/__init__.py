"""Credit information (信用信息): publication periods, the government-procurement serious-violation
list, the procurement ban check and the 双公示 export layout (RULES.md §5–§7).

The modules here are plain Python rule modules: no Django, no database.
"""
