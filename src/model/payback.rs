//! The payback year: when the alternative has paid back for good.

/// The payback year of cumulative savings `cs` after years 0, 1, …, T: the first year y
/// from which the cumulative saving stays non-negative through the horizon (`CS_j ≥ 0`
/// for every j in y…T), or `None` when it ends negative (`CS_T < 0`).
///
/// An alternative that costs more every year with nothing paid up front has `CS_0 = 0`
/// but no payback; one that is ahead in year 0 and falls behind later pays back only if
/// it is ahead again by the end, and then from the year it last got back to 0 or more.
///
/// ```
/// use repave_cost::model::payback_year;
/// assert_eq!(payback_year([-3.0, -1.0, 2.0, 5.0]), Some(2));
/// assert_eq!(payback_year([0.0, -10.0, -20.0]), None);
/// assert_eq!(payback_year([5.0, -1.0, 0.0]), Some(2));
/// assert_eq!(payback_year([0.0, 0.0]), Some(0));
/// ```
pub fn payback_year(cs: impl IntoIterator<Item = f64>) -> Option<usize> {
    let mut first_of_run = Some(0);
    for (y, v) in cs.into_iter().enumerate() {
        if v < 0.0 {
            first_of_run = None;
        } else if first_of_run.is_none() {
            first_of_run = Some(y);
        }
    }
    first_of_run
}
