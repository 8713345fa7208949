//! Property tests: totals of random decimal tables are exact, and
//! reconciliation catches any single changed cell (and only what it should).

use super::*;
use crate::diagnostics::Location;
use crate::model::{
    FundLine, Group, LineKind, LineList, Lines, ListRole, Located, MatrixRow, Stated, StatedSet,
};
use proptest::prelude::*;

/// A decimal with up to 3 places: mantissa and scale.
fn amount() -> impl Strategy<Value = Decimal> {
    (-1_000_000_000_000i64..1_000_000_000_000i64, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s))
}

/// The exact sum by integer arithmetic at 3 places, independent of Decimal's adder.
fn reference_sum<'a>(values: impl IntoIterator<Item = &'a Decimal>) -> Decimal {
    let total: i128 = values
        .into_iter()
        .map(|v| {
            let mut v = *v;
            v.rescale(3);
            v.mantissa()
        })
        .sum();
    Decimal::from_i128_with_scale(total, 3)
}

fn loc(line: u32) -> Location {
    Location::at("p.toml".into(), line, 1, 1)
}

fn stated(v: Decimal, line: u32) -> Stated {
    Stated {
        figure: Located {
            value: v,
            location: loc(line),
        },
        overridden: None,
    }
}

fn fund(shape: FundShape, years: Vec<String>) -> Fund {
    Fund {
        id: "f".into(),
        title: "F".into(),
        unit: MoneyUnit::Thousands,
        adds_up: crate::content::columns_add_up(&years),
        years,
        period: None,
        totals_from: crate::model::TotalsFrom::Lines,
        shape,
        notes: vec![],
        shows_changes: true,
        location: loc(0),
    }
}

fn plan() -> Plan {
    Plan::empty_for_tests(loc(0))
}

/// A matrix of `rows` × `cols` cells, some blank, with every total stated
/// as computed by the reference adder.
fn matrix(cells: &[Vec<Option<Decimal>>], cols: usize) -> Matrix {
    let rows: Vec<MatrixRow> = cells
        .iter()
        .enumerate()
        .map(|(i, r)| MatrixRow {
            scheme: format!("S{i}"),
            cells: r
                .iter()
                .map(|c| {
                    c.map(|v| Located {
                        value: v,
                        location: loc(100 + i as u32),
                    })
                })
                .collect(),
            stated_total: Some(stated(reference_sum(r.iter().flatten()), 100 + i as u32)),
            location: loc(100 + i as u32),
        })
        .collect();
    let stated_columns = (0..cols)
        .map(|j| {
            Some(stated(
                reference_sum(cells.iter().filter_map(|r| r[j].as_ref())),
                200 + j as u32,
            ))
        })
        .collect();
    let all: Vec<Decimal> = cells.iter().flatten().flatten().copied().collect();
    Matrix {
        columns: (0..cols).map(|j| format!("b{j}")).collect(),
        rows,
        stated_columns,
        stated_total: Some(stated(reference_sum(&all), 300)),
    }
}

fn matrix_cells() -> impl Strategy<Value = (Vec<Vec<Option<Decimal>>>, usize)> {
    (1usize..=4).prop_flat_map(|cols| {
        (
            prop::collection::vec(
                prop::collection::vec(prop::option::weighted(0.8, amount()), cols),
                1..=8,
            ),
            Just(cols),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn matrix_totals_are_exact_and_agree_with_every_stated_total((cells, cols) in matrix_cells()) {
        let m = matrix(&cells, cols);
        let f = fund(FundShape::Matrix(m), vec![]);
        let (t, problems) = compute(&plan(), &f);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let ShapeTotals::Matrix(t) = t.shape else { panic!("matrix") };
        for (i, r) in cells.iter().enumerate() {
            prop_assert_eq!(t.rows[i], reference_sum(r.iter().flatten()));
        }
        for j in 0..cols {
            prop_assert_eq!(t.columns[j], reference_sum(cells.iter().filter_map(|r| r[j].as_ref())));
        }
        let all: Vec<Decimal> = cells.iter().flatten().flatten().copied().collect();
        prop_assert_eq!(t.total, reference_sum(&all));
        // Rows and columns both add up to the grand total, exactly.
        prop_assert_eq!(reference_sum(&t.rows), t.total);
        prop_assert_eq!(reference_sum(&t.columns), t.total);
    }

    #[test]
    fn changing_any_one_cell_breaks_exactly_its_row_column_and_grand_total(
        (cells, cols) in matrix_cells(),
        pick in any::<prop::sample::Index>(),
        delta in amount().prop_filter("non-zero", |d| !d.is_zero()),
    ) {
        let mut m = matrix(&cells, cols);
        let present: Vec<(usize, usize)> = cells
            .iter()
            .enumerate()
            .flat_map(|(i, r)| r.iter().enumerate().filter(|(_, c)| c.is_some()).map(move |(j, _)| (i, j)))
            .collect();
        prop_assume!(!present.is_empty());
        let (i, j) = present[pick.index(present.len())];
        if let Some(c) = &mut m.rows[i].cells[j] {
            c.value += delta;
        }
        let f = fund(FundShape::Matrix(m), vec![]);
        let (_, problems) = compute(&plan(), &f);
        let mut lines: Vec<u32> = problems
            .iter()
            .map(|p| p.location.as_ref().map_or(0, |l| l.line))
            .collect();
        lines.sort_unstable();
        prop_assert_eq!(lines, vec![100 + i as u32, 200 + j as u32, 300]);
        // Each message names the difference: stated − computed = −delta.
        for p in &problems {
            let label = p.label.clone().unwrap_or_default();
            let diff = label
                .split("difference ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
                .and_then(|d| d.parse::<Decimal>().ok());
            prop_assert_eq!(diff, Some(-delta), "{}", label);
        }
    }

    #[test]
    fn grouped_lines_by_year_add_up_exactly_and_one_changed_figure_is_caught(
        amounts in prop::collection::vec(prop::collection::vec(amount(), 2), 2..=10),
        groups in 1usize..=3,
        pick in any::<prop::sample::Index>(),
        year in 0usize..2,
        delta in amount().prop_filter("non-zero", |d| !d.is_zero()),
    ) {
        let years = vec!["2017/18".to_string(), "2018/19".to_string()];
        let n = amounts.len();
        // Lines of a group are together: group k takes a contiguous slice.
        let group_of = |i: usize| (i * groups / n).min(groups - 1);
        let lines: Vec<FundLine> = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| FundLine {
                label: format!("L{i}"),
                body: None,
                group: Some(format!("g{}", group_of(i))),
                kind: LineKind::Amount,
                amounts: a.iter().map(|v| Some(Located { value: *v, location: loc(10 + i as u32) })).collect(),
                stated_total: Some(stated(reference_sum(a), 10 + i as u32)),
                stated_changes: Default::default(),
                note: None,
                location: loc(10 + i as u32),
            })
            .collect();
        let per_year = |members: &dyn Fn(usize) -> bool, y: usize| {
            reference_sum(amounts.iter().enumerate().filter(|(i, _)| members(*i)).map(|(_, a)| &a[y]))
        };
        let set = |members: &dyn Fn(usize) -> bool, line: u32| StatedSet {
            periods: (0..2).map(|y| Some(stated(per_year(members, y), line + y as u32))).collect(),
            all: Some(stated(per_year(members, 0) + per_year(members, 1), line + 2)),
            changes: crate::model::StatedChanges::empty(2),
        };
        let group_list: Vec<Group> = (0..groups)
            .filter(|k| (0..n).any(|i| group_of(i) == *k))
            .map(|k| Group {
                id: format!("g{k}"),
                label: format!("G{k}"),
                body: None,
                stated: set(&|i| group_of(i) == k, 50 + 10 * k as u32),
                location: loc(50),
            })
            .collect();
        let list = LineList { lines, groups: group_list, stated: set(&|_| true, 90) };
        let f = fund(FundShape::Lines(Lines { role: ListRole::Contributions, list: list.clone() }), years.clone());
        let (t, problems) = compute(&plan(), &f);
        prop_assert!(problems.is_empty(), "{:?}", problems);
        let ShapeTotals::Lines(t) = t.shape else { panic!("lines") };
        let all: Vec<Decimal> = amounts.iter().flatten().copied().collect();
        prop_assert_eq!(t.total.all, Some(reference_sum(&all)));
        let change = t.total.changes[0].map(|c| c.amount);
        prop_assert_eq!(change, Some(per_year(&|_| true, 1) - per_year(&|_| true, 0)));

        // Change one figure: its line's total, its group's subtotal for that
        // year and for all years, and the list total for that year and for
        // all years no longer agree — and nothing else.
        let i = pick.index(n);
        let mut list = list;
        if let Some(a) = &mut list.lines[i].amounts[year] {
            a.value += delta;
        }
        let f = fund(FundShape::Lines(Lines { role: ListRole::Contributions, list }), years);
        let (_, problems) = compute(&plan(), &f);
        let mut got: Vec<u32> = problems.iter().map(|p| p.location.as_ref().map_or(0, |l| l.line)).collect();
        got.sort_unstable();
        let k = group_of(i) as u32;
        let mut want = vec![10 + i as u32, 50 + 10 * k + year as u32, 50 + 10 * k + 2, 90 + year as u32, 92];
        want.sort_unstable();
        prop_assert_eq!(got, want);
    }
}
