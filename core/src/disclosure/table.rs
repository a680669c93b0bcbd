//! The relation model: values that a release may show, and the exact linear
//! relations among them that a reader can use.

use std::collections::HashMap;

use super::rational::Rational;
use super::DisclosureError;

/// The index of a value in its [`Relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ValueId(pub(crate) u32);

impl ValueId {
    /// The position of the value in [`Relations::values`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What kind of value this is, which decides its place in the candidate order
/// for secondary suppression (see the [module documentation](super)).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ValueClass {
    /// An inner cell of a table: the finest breakdown. Suppressed first.
    Inner,
    /// A margin (subtotal) of a table.
    Margin,
    /// A score, percentage or other derived value.
    Score,
    /// A grand total: never a candidate for secondary suppression (it is
    /// suppressed only if it is itself primary).
    GrandTotal,
}

/// One value a release may show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Stable identifier, the same in every release that repeats the value
    /// (patterns of earlier releases are matched on it).
    pub key: String,
    /// The exact value; never negative.
    pub value: Rational,
    /// Its class in the candidate order.
    pub class: ValueClass,
    /// A count of people who must not be singled out (victims, minors): the
    /// primary rule applies to it, and revisions of it are checked.
    pub sensitive: bool,
    /// Marked primary by the caller, whatever its value.
    pub marked_primary: bool,
    /// A known upper bound (a score's 1, or its band's top), used by the
    /// audit.
    pub upper_bound: Option<Rational>,
    /// A known lower bound (a score's band's bottom), used by the audit;
    /// zero unless set (values are never negative).
    pub lower_bound: Rational,
    /// The table and coordinates of a value added by
    /// [`Relations::add_table`]; `None` for a value added on its own.
    pub cell: Option<CellKey>,
}

/// Where a table's value sits: the table and one code per dimension, the
/// structured form of its key (`table|dim=code|dim=code`), so that a caller
/// need not parse the key (codes may hold `|` or `=`).
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct CellKey {
    /// The table's name, as given to [`Relations::add_table`].
    pub table: String,
    /// `(dimension, code)` for every dimension, in the table's order; a
    /// dimension's total has its total's code.
    pub coordinates: Vec<(String, String)>,
}

/// An exact linear relation `Σ cᵢ·xᵢ = constant` that a reader knows, possibly
/// up to `±tolerance` (a roll-up of scores rounded to 6 decimals).
///
/// The elimination treats every relation as exact, which can only protect
/// more; the audit uses the tolerance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// Names the relation in errors.
    pub label: String,
    /// The terms, one per value, no zero coefficient.
    pub terms: Vec<(ValueId, Rational)>,
    /// The right-hand side.
    pub constant: Rational,
    /// How far the left-hand side may be from `constant` (zero: exact).
    pub tolerance: Rational,
}

/// An order a reader knows between two values, `higher − lower ≥ gap`
/// (a ranking of scores: a millionth apart, as scores have 6 decimals).
/// Like a bound it is an inequality, which determines nothing linearly: the
/// elimination ignores it, the audit and the protection levels' programs
/// respect it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The value ranked above.
    pub higher: ValueId,
    /// The value ranked below.
    pub lower: ValueId,
    /// How far apart they are at least (zero or more).
    pub gap: Rational,
}

/// A set of values and the relations among them: the input of
/// [`protect`](super::protect) and [`audit`](super::audit).
#[derive(Debug, Clone, Default)]
pub struct Relations {
    values: Vec<Value>,
    relations: Vec<Relation>,
    orders: Vec<Order>,
    by_key: HashMap<String, ValueId>,
}

impl Relations {
    /// An empty set.
    pub fn new() -> Relations {
        Relations::default()
    }

    /// The values, indexed by [`ValueId::index`].
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    /// One value.
    pub fn value(&self, id: ValueId) -> &Value {
        &self.values[id.index()]
    }

    /// The relations.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The orders among values, in the order added.
    pub fn orders(&self) -> &[Order] {
        &self.orders
    }

    /// The id of the value with this key.
    pub fn id(&self, key: &str) -> Option<ValueId> {
        self.by_key.get(key).copied()
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is no value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Adds a value. Keys are unique and values non-negative.
    pub fn add_value(
        &mut self,
        key: impl Into<String>,
        value: Rational,
        class: ValueClass,
        sensitive: bool,
    ) -> Result<ValueId, DisclosureError> {
        let key = key.into();
        if value.is_negative() {
            return Err(DisclosureError::NegativeValue { key, value });
        }
        if self.by_key.contains_key(&key) {
            return Err(DisclosureError::DuplicateKey { key });
        }
        let id =
            ValueId(
                u32::try_from(self.values.len()).map_err(|_| DisclosureError::TooLarge {
                    what: "values",
                    limit: u32::MAX as usize,
                })?,
            );
        self.by_key.insert(key.clone(), id);
        self.values.push(Value {
            key,
            value,
            class,
            sensitive,
            marked_primary: false,
            upper_bound: None,
            lower_bound: Rational::ZERO,
            cell: None,
        });
        Ok(id)
    }

    /// Marks a value primary whatever its value (a caller's own rule).
    pub fn mark_primary(&mut self, id: ValueId) {
        self.values[id.index()].marked_primary = true;
    }

    /// Gives a value a known upper bound (a score's 1). The value must respect it.
    pub fn set_upper_bound(&mut self, id: ValueId, bound: Rational) -> Result<(), DisclosureError> {
        let v = &mut self.values[id.index()];
        if v.value > bound {
            return Err(DisclosureError::AboveUpperBound {
                key: v.key.clone(),
                value: v.value.clone(),
                bound,
            });
        }
        v.upper_bound = Some(bound);
        Ok(())
    }

    /// Gives a value a known lower bound (a suppressed score still shows
    /// its band, so a reader knows it is at least the band's bottom). The
    /// value must respect it. Bounds are inequalities: they determine
    /// nothing linearly, so the elimination ignores them; the audit and the
    /// protection levels' programs respect them.
    pub fn set_lower_bound(&mut self, id: ValueId, bound: Rational) -> Result<(), DisclosureError> {
        let v = &mut self.values[id.index()];
        if v.value < bound {
            return Err(DisclosureError::BelowLowerBound {
                key: v.key.clone(),
                value: v.value.clone(),
                bound,
            });
        }
        v.lower_bound = bound.max(Rational::ZERO);
        Ok(())
    }

    /// Adds the order `higher − lower ≥ gap` (a ranking) after checking
    /// that the values respect it.
    pub fn add_order(
        &mut self,
        higher: ValueId,
        lower: ValueId,
        gap: Rational,
    ) -> Result<(), DisclosureError> {
        let label = |values: &[Value]| {
            let key = |id: ValueId| values.get(id.index()).map_or("?", |v| v.key.as_str());
            format!("order {} above {}", key(higher), key(lower))
        };
        if higher.index() >= self.values.len() || lower.index() >= self.values.len() {
            return Err(DisclosureError::BadRelation {
                label: label(&self.values),
                reason: "a value does not exist".into(),
            });
        }
        if higher == lower || gap.is_negative() {
            return Err(DisclosureError::BadRelation {
                label: label(&self.values),
                reason: "an order ranks two values, at least zero apart".into(),
            });
        }
        let apart = &self.values[higher.index()].value - &self.values[lower.index()].value;
        if apart < gap {
            return Err(DisclosureError::RelationNotSatisfied {
                label: label(&self.values),
                residual: &apart - &gap,
            });
        }
        self.orders.push(Order { higher, lower, gap });
        Ok(())
    }

    /// Adds `Σ cᵢ·xᵢ = constant ± tolerance` after checking that the values
    /// satisfy it. Repeated values are merged; zero coefficients dropped.
    pub fn add_relation(&mut self, relation: Relation) -> Result<(), DisclosureError> {
        let Relation {
            label,
            terms,
            constant,
            tolerance,
        } = relation;
        if tolerance.is_negative() {
            return Err(DisclosureError::BadRelation {
                label,
                reason: "its tolerance is negative".into(),
            });
        }
        let mut merged: Vec<(ValueId, Rational)> = Vec::with_capacity(terms.len());
        let mut sorted = terms;
        sorted.sort_by_key(|t| t.0);
        for (id, c) in sorted {
            if id.index() >= self.values.len() {
                return Err(DisclosureError::BadRelation {
                    label,
                    reason: format!("value #{} does not exist", id.0),
                });
            }
            match merged.last_mut() {
                Some(last) if last.0 == id => last.1 += &c,
                _ => merged.push((id, c)),
            }
        }
        merged.retain(|t| !t.1.is_zero());
        if merged.is_empty() {
            return Err(DisclosureError::BadRelation {
                label,
                reason: "it has no term".into(),
            });
        }
        let lhs: Rational = merged
            .iter()
            .map(|(id, c)| c * &self.values[id.index()].value)
            .sum();
        let residual = &lhs - &constant;
        if residual.abs() > tolerance {
            return Err(DisclosureError::RelationNotSatisfied { label, residual });
        }
        self.relations.push(Relation {
            label,
            terms: merged,
            constant,
            tolerance,
        });
        Ok(())
    }

    /// `total = Σ parts`.
    pub fn add_sum(&mut self, total: ValueId, parts: &[ValueId]) -> Result<(), DisclosureError> {
        let mut terms = vec![(total, Rational::ONE)];
        terms.extend(parts.iter().map(|&p| (p, Rational::integer(-1))));
        self.add_relation(Relation {
            label: format!("sum {}", self.values[total.index()].key),
            terms,
            constant: Rational::ZERO,
            tolerance: Rational::ZERO,
        })
    }

    /// A chain of sums: each level's values are the sums of consecutive
    /// groups of the next level (`month → year`, `year → window`): for every
    /// `(total, parts)` in `links`, `total = Σ parts`.
    pub fn add_sum_chain(
        &mut self,
        links: &[(ValueId, Vec<ValueId>)],
    ) -> Result<(), DisclosureError> {
        for (total, parts) in links {
            self.add_sum(*total, parts)?;
        }
        Ok(())
    }

    /// A weighted mean `parent = Σ wᵢ·childᵢ / Σ wᵢ`, as the relation
    /// `parent·Σw − Σ wᵢ·childᵢ = 0`. With `rounded_to` decimals (6 for
    /// scores, whose parent is rounded half away from zero), the relation
    /// holds up to half a unit of the last decimal times `Σw`; `None`: exact.
    pub fn add_weighted_mean(
        &mut self,
        parent: ValueId,
        children: &[(ValueId, Rational)],
        rounded_to: Option<u32>,
    ) -> Result<(), DisclosureError> {
        let label = format!("weighted mean {}", self.values[parent.index()].key);
        if children.iter().any(|(_, w)| !w.is_positive()) {
            return Err(DisclosureError::BadRelation {
                label,
                reason: "a weight is not positive".into(),
            });
        }
        let total_weight: Rational = children.iter().map(|(_, w)| w.clone()).sum();
        let mut terms = vec![(parent, total_weight.clone())];
        terms.extend(children.iter().map(|(c, w)| (*c, -w)));
        let tolerance = match rounded_to {
            None => Rational::ZERO,
            Some(decimals) => {
                let unit = Rational::from_decimal(rust_decimal::Decimal::new(5, decimals + 1));
                &unit * &total_weight
            }
        };
        self.add_relation(Relation {
            label,
            terms,
            constant: Rational::ZERO,
            tolerance,
        })
    }

    /// Adds a table with every margin: the cells of the cross product of
    /// `dimensions`, where each dimension is a tree of categories (a flat
    /// list under one total, or municipio → departamento → país), and one
    /// relation for every non-leaf position: the cell equals the sum of its
    /// children along the first dimension where it is not a leaf.
    ///
    /// `leaf_value` gives the value of each inner cell from its leaf codes
    /// (one per dimension, in order); margins are summed exactly. Keys are
    /// `name` followed by `|dimension=code` for each dimension. The cell at
    /// every dimension's root is the table's total, of class `total_class`
    /// (a [`ValueClass::GrandTotal`] for a table that stands alone, a
    /// [`ValueClass::Margin`] for one that is part of a larger one).
    pub fn add_table(
        &mut self,
        name: &str,
        dimensions: &[Dimension],
        sensitive: bool,
        total_class: ValueClass,
        mut leaf_value: impl FnMut(&[&str]) -> Rational,
    ) -> Result<Table, DisclosureError> {
        if dimensions.is_empty() {
            return Err(DisclosureError::BadTable {
                table: name.into(),
                reason: "it has no dimension".into(),
            });
        }
        let sizes: Vec<usize> = dimensions.iter().map(|d| d.codes.len()).collect();
        let count = sizes
            .iter()
            .try_fold(1usize, |acc, &s| acc.checked_mul(s))
            .filter(|&c| c <= u32::MAX as usize)
            .ok_or(DisclosureError::TooLarge {
                what: "table cells",
                limit: u32::MAX as usize,
            })?;
        // Positions in post-order (children before their parents) along every
        // dimension, so that each margin is summed from cells already known.
        let orders: Vec<Vec<usize>> = dimensions.iter().map(Dimension::post_order).collect();
        let mut values: Vec<Option<Rational>> = vec![None; count];
        let index_of = |pos: &[usize]| -> usize {
            pos.iter()
                .zip(&sizes)
                .fold(0usize, |acc, (&p, &s)| acc * s + p)
        };
        let mut pos = vec![0usize; dimensions.len()];
        let mut cursor = vec![0usize; dimensions.len()];
        let mut done = false;
        while !done {
            for (d, &c) in cursor.iter().enumerate() {
                pos[d] = orders[d][c];
            }
            let v = match pos
                .iter()
                .enumerate()
                .find(|(d, &p)| !dimensions[*d].children[p].is_empty())
            {
                None => {
                    let codes: Vec<&str> = pos
                        .iter()
                        .enumerate()
                        .map(|(d, &p)| dimensions[d].codes[p].as_str())
                        .collect();
                    leaf_value(&codes)
                }
                Some((d, &p)) => {
                    // Lexicographic order over the post-orders reaches every
                    // child (same position elsewhere, earlier along d) first.
                    let mut sum = Rational::ZERO;
                    let mut child_pos = pos.clone();
                    for &ch in &dimensions[d].children[p] {
                        child_pos[d] = ch;
                        match &values[index_of(&child_pos)] {
                            Some(v) => sum += v,
                            None => {
                                return Err(DisclosureError::BadTable {
                                    table: name.into(),
                                    reason: "a margin was reached before its cells".into(),
                                })
                            }
                        }
                    }
                    sum
                }
            };
            values[index_of(&pos)] = Some(v);
            // Odometer over the post-orders, the last dimension fastest.
            let mut d = dimensions.len();
            loop {
                if d == 0 {
                    done = true;
                    break;
                }
                d -= 1;
                cursor[d] += 1;
                if cursor[d] < sizes[d] {
                    break;
                }
                cursor[d] = 0;
            }
        }
        // Register the cells in natural (row-major) order.
        let mut ids = Vec::with_capacity(count);
        let mut pos = vec![0usize; dimensions.len()];
        for (flat, slot) in values.iter_mut().enumerate() {
            let mut rest = flat;
            for d in (0..dimensions.len()).rev() {
                pos[d] = rest % sizes[d];
                rest /= sizes[d];
            }
            let mut key = name.to_string();
            for (d, &p) in pos.iter().enumerate() {
                key.push('|');
                key.push_str(&dimensions[d].name);
                key.push('=');
                key.push_str(&dimensions[d].codes[p]);
            }
            let leaf = pos
                .iter()
                .enumerate()
                .all(|(d, &p)| dimensions[d].children[p].is_empty());
            let root = pos
                .iter()
                .enumerate()
                .all(|(d, &p)| dimensions[d].parent[p].is_none());
            let class = if leaf {
                ValueClass::Inner
            } else if root {
                total_class
            } else {
                ValueClass::Margin
            };
            let value = slot.take().ok_or_else(|| DisclosureError::BadTable {
                table: name.into(),
                reason: "a cell was never reached".into(),
            })?;
            let id = self.add_value(key, value, class, sensitive)?;
            self.values[id.index()].cell = Some(CellKey {
                table: name.to_string(),
                coordinates: pos
                    .iter()
                    .enumerate()
                    .map(|(d, &p)| (dimensions[d].name.clone(), dimensions[d].codes[p].clone()))
                    .collect(),
            });
            ids.push(id);
        }
        for flat in 0..count {
            let mut rest = flat;
            for d in (0..dimensions.len()).rev() {
                pos[d] = rest % sizes[d];
                rest /= sizes[d];
            }
            if let Some((d, &p)) = pos
                .iter()
                .enumerate()
                .find(|(d, &p)| !dimensions[*d].children[p].is_empty())
            {
                let mut child_pos = pos.clone();
                let parts: Vec<ValueId> = dimensions[d].children[p]
                    .iter()
                    .map(|&ch| {
                        child_pos[d] = ch;
                        ids[index_of(&child_pos)]
                    })
                    .collect();
                self.add_sum(ids[flat], &parts)?;
            }
        }
        Ok(Table {
            sizes,
            codes: dimensions.iter().map(|d| d.codes.clone()).collect(),
            ids,
        })
    }
}

/// One dimension of a table: a forest of category codes (usually one tree).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    name: String,
    codes: Vec<String>,
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
}

impl Dimension {
    /// A flat dimension: `categories` under a total coded `total`.
    pub fn flat(
        name: &str,
        total: &str,
        categories: &[&str],
    ) -> Result<Dimension, DisclosureError> {
        let mut nodes = vec![(total.to_string(), None)];
        nodes.extend(
            categories
                .iter()
                .map(|c| (c.to_string(), Some(total.to_string()))),
        );
        Dimension::tree(name, &nodes)
    }

    /// A hierarchy given as `(code, parent)` pairs, parents before their
    /// children (municipio → departamento → país; month → year → window).
    pub fn tree(
        name: &str,
        nodes: &[(String, Option<String>)],
    ) -> Result<Dimension, DisclosureError> {
        let bad = |reason: String| DisclosureError::BadTable {
            table: name.into(),
            reason,
        };
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut dim = Dimension {
            name: name.into(),
            codes: Vec::with_capacity(nodes.len()),
            parent: Vec::with_capacity(nodes.len()),
            children: Vec::with_capacity(nodes.len()),
        };
        for (i, (code, parent)) in nodes.iter().enumerate() {
            if index.insert(code.as_str(), i).is_some() {
                return Err(bad(format!("category {code:?} appears twice")));
            }
            let parent = match parent {
                None => None,
                Some(p) => Some(*index.get(p.as_str()).ok_or_else(|| {
                    bad(format!(
                        "the parent {p:?} of {code:?} is not listed before it"
                    ))
                })?),
            };
            dim.codes.push(code.clone());
            dim.parent.push(parent);
            dim.children.push(Vec::new());
            if let Some(p) = parent {
                dim.children[p].push(i);
            }
        }
        if dim.codes.is_empty() {
            return Err(bad("it has no category".into()));
        }
        Ok(dim)
    }

    /// Every position, children before parents.
    fn post_order(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.codes.len());
        let mut stack: Vec<(usize, bool)> = (0..self.codes.len())
            .rev()
            .filter(|&i| self.parent[i].is_none())
            .map(|i| (i, false))
            .collect();
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                out.push(node);
            } else {
                stack.push((node, true));
                for &c in self.children[node].iter().rev() {
                    stack.push((c, false));
                }
            }
        }
        out
    }
}

/// The cells of a table added by [`Relations::add_table`].
#[derive(Debug, Clone)]
pub struct Table {
    sizes: Vec<usize>,
    codes: Vec<Vec<String>>,
    ids: Vec<ValueId>,
}

impl Table {
    /// The cell with these codes, one per dimension.
    pub fn cell(&self, codes: &[&str]) -> Option<ValueId> {
        if codes.len() != self.sizes.len() {
            return None;
        }
        let mut flat = 0usize;
        for (d, code) in codes.iter().enumerate() {
            let p = self.codes[d].iter().position(|c| c == code)?;
            flat = flat * self.sizes[d] + p;
        }
        self.ids.get(flat).copied()
    }

    /// Every cell, inner cells and margins, in row-major order of the
    /// dimensions' categories.
    pub fn cells(&self) -> &[ValueId] {
        &self.ids
    }
}
