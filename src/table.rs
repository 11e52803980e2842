//! A small column-oriented table: how result tables leave the core.

/// One column of values.
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    /// Text.
    Str(Vec<String>),
    /// Numbers.
    F64(Vec<f64>),
    /// Numbers that may be missing.
    OptF64(Vec<Option<f64>>),
    /// Whole numbers.
    I64(Vec<i64>),
}

impl Column {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Column::Str(v) => v.len(),
            Column::F64(v) => v.len(),
            Column::OptF64(v) => v.len(),
            Column::I64(v) => v.len(),
        }
    }

    /// True when the column has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Named columns of equal length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Column names and values, in order.
    pub columns: Vec<(String, Column)>,
}

impl Table {
    /// Appends a column.
    pub fn push(&mut self, name: &str, column: Column) {
        debug_assert!(self
            .columns
            .first()
            .is_none_or(|(_, c)| c.len() == column.len()));
        self.columns.push((name.to_string(), column));
    }

    /// The column called `name`.
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The numbers of column `name`, if it is a number column.
    pub fn f64s(&self, name: &str) -> Option<&[f64]> {
        match self.get(name)? {
            Column::F64(v) => Some(v),
            _ => None,
        }
    }

    /// The values of column `name`, if it is a column of numbers that may be missing.
    pub fn opt_f64s(&self, name: &str) -> Option<&[Option<f64>]> {
        match self.get(name)? {
            Column::OptF64(v) => Some(v),
            _ => None,
        }
    }

    /// The whole numbers of column `name`, if it is a whole-number column.
    pub fn i64s(&self, name: &str) -> Option<&[i64]> {
        match self.get(name)? {
            Column::I64(v) => Some(v),
            _ => None,
        }
    }

    /// The text of column `name`, if it is a text column.
    pub fn strs(&self, name: &str) -> Option<&[String]> {
        match self.get(name)? {
            Column::Str(v) => Some(v),
            _ => None,
        }
    }

    /// Number of rows.
    pub fn height(&self) -> usize {
        self.columns.first().map_or(0, |(_, c)| c.len())
    }
}
