"""Credit information (信用信息): publication periods, the government-procurement serious-violation
list, the procurement ban check and the 双公示 export layout (RULES.md §5–§7).

The rule modules (periods, listing, shuanggongshi) are plain Python: no Django, no database.
The app around them (models, actions, push, supplier check) uses them.
"""
