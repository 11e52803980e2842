//! "Did you mean …?": the nearest of the names that exist, for a name that does not.

/// The candidate closest to `name`, when it is close enough to be a likely typo.
///
/// Closeness is the Damerau–Levenshtein distance (one insertion, deletion, substitution
/// or swap of neighbours each count 1) between the lowercased names, so `SRE` finds `sre`
/// and `change_failure_rat` finds `change_failure_rate`. A candidate is offered only within
/// a distance that grows with the name's length (1 up to 4 characters, 2 up to 8, then a
/// quarter of the length); ties go to the first candidate given.
pub fn did_you_mean<'a, I>(name: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = name.to_lowercase();
    let limit = match lower.chars().count() {
        0 => return None,
        1..=4 => 1,
        5..=8 => 2,
        n => n / 4,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = strsim::damerau_levenshtein(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean \"X\"?"` or nothing, to follow the name in a message about an unknown
/// `name`.
pub fn hint<'a, I>(name: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match did_you_mean(name, candidates) {
        Some(c) => format!("; did you mean {c:?}?"),
        None => String::new(),
    }
}

/// Names as a readable list: `a, b, c`, or `none`.
pub fn list_or_none<'a, I>(names: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    let v: Vec<&str> = names.into_iter().collect();
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_letter_typos_and_case() {
        let names = ["change_failure_rate", "hands_on_share", "rate_sre"];
        assert_eq!(
            did_you_mean("change_failure_rat", names),
            Some("change_failure_rate")
        );
        assert_eq!(
            did_you_mean("hands_on_shrae", names),
            Some("hands_on_share")
        );
        assert_eq!(did_you_mean("SRE", ["qa", "security", "sre"]), Some("sre"));
        assert_eq!(did_you_mean("nodez", ["nodes", "services"]), Some("nodes"));
    }

    #[test]
    fn offers_nothing_for_far_names() {
        assert_eq!(did_you_mean("qa", ["db", "sre"]), None);
        assert_eq!(did_you_mean("budget", ["rate_sre", "hands_on_share"]), None);
        assert_eq!(did_you_mean("", ["a"]), None);
    }

    #[test]
    fn the_nearest_wins() {
        assert_eq!(
            did_you_mean("rate_qb", ["rate_sre", "rate_qa"]),
            Some("rate_qa")
        );
    }

    #[test]
    fn hint_is_empty_without_a_near_name() {
        assert_eq!(hint("zzz", ["sre"]), "");
        assert_eq!(hint("sr", ["sre"]), "; did you mean \"sre\"?");
    }
}
