"""Expenses by functional code across the 决算 tables, all declared as data: 03 against 05 (+07/08)
per 科目 (X03-05-CODE: final_03_05.toml). 02 against 03 per 科目 without carry-over (X02-03-CODE: final_02_03.toml,
``each = "科目"``, ``when = "无结转结余"``), each 类 of 01/04表 against 03/05表 (X01-03-CLASS,
X04-05-CLASS: final_01_03.toml, final_04_05.toml, ``each = "类"``) and 04表 fund columns against
07/08表 (X04-FUNDS: final_04_07_08.toml, ``pairs``, ``empty_is_zero``) are declared as data
(rules/identities/).
"""

from __future__ import annotations

from rules.catalog import rule_by_id

# Declared as data (rules/identities/final_03_05.toml: each = "科目", relation = ">=", columns,
# equal_when = "无非财政拨款收入", equal_plus).
X03_05_CODE = rule_by_id("X03-05-CODE")
