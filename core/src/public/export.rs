//! The public view's exports: JSON, CSV and SDMX-CSV 2.0, and the internal
//! SDMX-CSV that keeps every value.
//!
//! # SDMX-CSV 2.0 columns
//!
//! One header row, then one row per value (RFC 4180):
//!
//! | column | content |
//! | --- | --- |
//! | `STRUCTURE` | `dataflow` |
//! | `STRUCTURE_ID` | `SEGUIMIENTO:{plan}(1.0)` (agency, dataflow id, version) |
//! | `ACTION` | `I` (information) |
//! | `MEASURE` | what the value is: `entidad` or `celdas` (a sensitive indicator's entity or cell table), `value` (an item's period value), `achievement`, `score` (a node's), `entity_score`, `official`, `verification` (a discrepancy's), `total`, `cells_sum` (a consistency note's) |
//! | `REF_ID` | the indicator, node or entity it belongs to |
//! | `TIME_PERIOD` | the year of a table, the period of an item or note; `_Z` (not applicable) for a score |
//! | one column per dimension | `ENTIDAD`, `PERIODO` and every dimension of the tables (`SEXO`, `EDAD`, …), upper case, sorted; `total` for a margin, `_Z` where the value has no such dimension |
//! | `OBS_VALUE` | the value; empty when confidential |
//! | `OBS_STATUS` | `A` (normal value) when the value is shown; empty when confidential |
//! | `CONF_STATUS` | public: `F` (free) or `C` (confidential); internal: `F`, `A` (primary: small count, marked, revision) or `D` (secondary) |
//! | `RELEASE` | the release's identifier |

use std::collections::BTreeSet;

use super::gather::to_decimal;
use super::PublicView;
use crate::disclosure::{Status, Value};

/// SDMX's code for "not applicable".
const NOT_APPLICABLE: &str = "_Z";

/// What a value is and where it sits, for the CSV exports.
struct Coordinates {
    measure: String,
    ref_id: String,
    period: String,
    dims: Vec<(String, String)>,
}

/// Reads a value's coordinates from its table cell or its key (see
/// `gather`: `kind|ref[|period[|entity[|dim=code…]]]`).
fn coordinates(v: &Value) -> Coordinates {
    if let Some(cell) = &v.cell {
        let mut parts = cell.table.split('|');
        let ref_id = parts.next().unwrap_or_default().to_string();
        let period = parts.next().unwrap_or_default().to_string();
        let measure = parts.next().unwrap_or_default().to_string();
        return Coordinates {
            measure,
            ref_id,
            period,
            dims: cell.coordinates.clone(),
        };
    }
    let parts: Vec<&str> = v.key.split('|').collect();
    let measure = parts.first().copied().unwrap_or_default().to_string();
    let ref_id = parts.get(1).copied().unwrap_or_default().to_string();
    let period = match parts.get(2) {
        Some(p) if *p != "milestone" => p.to_string(),
        _ => NOT_APPLICABLE.to_string(),
    };
    let mut dims = Vec::new();
    if let Some(entity) = parts.get(3) {
        dims.push(("entidad".to_string(), entity.to_string()));
    }
    for part in parts.iter().skip(4) {
        if let Some((d, c)) = part.split_once('=') {
            dims.push((d.to_string(), c.to_string()));
        }
    }
    Coordinates {
        measure,
        ref_id,
        period,
        dims,
    }
}

impl PublicView {
    /// The public view as JSON: every node, entity, reporting row,
    /// discrepancy, consistency note and table cell, each controlled value
    /// a value or `"confidential"`, with the audit summary and the release's
    /// suppression pattern.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The audit summary as JSON (counts, the narrowest interval): what
    /// ships with the release beside its values.
    pub fn audit_to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.audit).unwrap_or_default();
        text.push('\n');
        text
    }

    /// One row per controlled value: `key`, `measure`, `ref_id`,
    /// `period`, `coordinates` (`dim=code` joined by `;`), `value` (empty
    /// when confidential) and `confidential` (`true` or `false`).
    pub fn to_csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        let mut rows: Vec<Vec<String>> = vec![[
            "key",
            "measure",
            "ref_id",
            "period",
            "coordinates",
            "value",
            "confidential",
        ]
        .map(String::from)
        .to_vec()];
        for (v, status) in self.relations().values().iter().zip(&self.statuses) {
            let c = coordinates(v);
            let confidential = status.is_suppressed();
            rows.push(vec![
                v.key.clone(),
                c.measure,
                c.ref_id,
                c.period,
                c.dims
                    .iter()
                    .map(|(d, code)| format!("{d}={code}"))
                    .collect::<Vec<_>>()
                    .join(";"),
                if confidential {
                    String::new()
                } else {
                    to_decimal(&v.value).to_string()
                },
                confidential.to_string(),
            ]);
        }
        for row in rows {
            // Writing to memory cannot fail.
            let _ = out.write_record(&row);
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The public view as SDMX-CSV 2.0 (see the module's columns):
    /// confidential values have an empty `OBS_VALUE` and `CONF_STATUS` `C`.
    pub fn to_sdmx_csv(&self) -> String {
        self.sdmx(false)
    }

    /// The internal record as SDMX-CSV 2.0: every value kept, `CONF_STATUS`
    /// `F` (free), `A` (primary) or `D` (secondary). Never publish it.
    pub fn to_internal_sdmx_csv(&self) -> String {
        self.sdmx(true)
    }

    fn sdmx(&self, internal: bool) -> String {
        let values = self.relations().values();
        let coords: Vec<Coordinates> = values.iter().map(coordinates).collect();
        let dims: BTreeSet<String> = coords
            .iter()
            .flat_map(|c| c.dims.iter().map(|(d, _)| d.clone()))
            .chain(std::iter::once("entidad".to_string()))
            .collect();
        let mut header: Vec<String> = [
            "STRUCTURE",
            "STRUCTURE_ID",
            "ACTION",
            "MEASURE",
            "REF_ID",
            "TIME_PERIOD",
        ]
        .map(String::from)
        .to_vec();
        header.extend(dims.iter().map(|d| d.to_uppercase()));
        header.extend(["OBS_VALUE", "OBS_STATUS", "CONF_STATUS", "RELEASE"].map(String::from));
        let structure_id = format!("SEGUIMIENTO:{}(1.0)", self.plan);
        let mut out = csv::Writer::from_writer(Vec::new());
        let _ = out.write_record(&header);
        for ((v, status), c) in values.iter().zip(&self.statuses).zip(coords) {
            let mut row = vec![
                "dataflow".to_string(),
                structure_id.clone(),
                "I".to_string(),
                c.measure,
                c.ref_id,
                c.period,
            ];
            for d in &dims {
                row.push(
                    c.dims
                        .iter()
                        .find(|(name, _)| name == d)
                        .map_or_else(|| NOT_APPLICABLE.to_string(), |(_, code)| code.clone()),
                );
            }
            let shown = internal || !status.is_suppressed();
            row.push(if shown {
                to_decimal(&v.value).to_string()
            } else {
                String::new()
            });
            row.push(if shown { "A" } else { "" }.to_string());
            let conf = match (internal, status) {
                (_, Status::Published) => "F",
                (false, _) => "C",
                (true, Status::Primary(_)) => "A",
                (true, Status::Secondary(_)) => "D",
            };
            row.push(conf.to_string());
            row.push(self.release.clone());
            let _ = out.write_record(&row);
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}
