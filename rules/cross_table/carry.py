"""Carry-over across the 决算 tables: 04表 财政拨款结转和结余 within (or, without non-fiscal money, equal to) 01表
结转和结余 (X01-04-CARRY), declared as data and compiled into the ruleset.
"""

from __future__ import annotations

from rules.catalog import rule_by_id

# Declared as data (rules/identities/final_04_01.toml: relation = "<=", equal_when = "无非财政拨款收入",
# the rows found by their names' patterns, like).
X01_04_CARRY = rule_by_id("X01-04-CARRY")
