//! The cost pass over one chunk of trials.
//!
//! The pass works column by column: for each activity it reads the activity's fields for the
//! whole chunk once, then adds every year's occurrences to per-role load columns. Loops over
//! trials without random events vectorise; those with events ask the run's sampling design
//! for the activity's [`Events`] in the chunk, and draw from it year by year and trial by
//! trial, only where the activity has a probability. The same code fills the totals
//! and, under [`Detail::Full`], every activity's and role's columns too (under
//! [`Detail::Sweep`] only what a sweep row reads of the roles), so the totals of a
//! detailed run are bit-identical to those of a lean one.

use super::layout::{Detail, Layout};
use super::payback::payback_year;
use super::plan::{ActivityPlan, Plan, Val};
use super::shared_work::SharedPrefix;
use crate::sampling::{Design, Dimensions, Events, CHUNK};
use crate::scenario::Driver;

/// What every chunk of one run shares.
pub(crate) struct Pass<'a> {
    pub plan: &'a Plan,
    pub layout: &'a Layout,
    pub detail: Detail,
    /// Every uncertain input's column, in plan order.
    pub inputs: &'a [&'a [f64]],
    /// The run's seed, for the event draws.
    pub seed: u64,
    /// The sampling design that hands out the event draws.
    pub design: &'a dyn Design,
    /// The run's dimensions, which a point-set design reads the event coordinates by.
    pub dims: &'a Dimensions,
    /// The run's index of the first trial passed (0 unless the pass continues a run from
    /// a later trial: [`crate::sampling::Design::extends`]).
    pub first: u64,
    /// Per strategy, the leading activities it shares with an earlier one
    /// ([`super::shared_work::shared_prefixes`] of `plan`): added up once, in the earlier
    /// strategy, and taken from there (not under [`Detail::Full`], which writes every
    /// activity's own columns).
    pub shared: Vec<Option<SharedPrefix>>,
}

/// Per-thread working columns, reused from chunk to chunk.
#[derive(Default)]
pub(crate) struct Scratch {
    /// Fleet counts in year 1: nodes, services, clusters.
    fleet: [Vec<f64>; 3],
    /// Growth factor per year (years 1..=T).
    scale: Vec<Vec<f64>>,
    /// Discount factor per year.
    discount: Vec<Vec<f64>>,
    /// Per role: rate, capacity, hours per year, overflow multiplier.
    rate: Vec<Vec<f64>>,
    capacity: Vec<Vec<f64>>,
    hours_per_year: Vec<Vec<f64>>,
    overflow: Vec<Vec<f64>>,
    /// Per role and year: hours of recurring work.
    load: Vec<Vec<f64>>,
    /// Per role and year: labour cost (kept for the detail allocation).
    role_cost: Vec<Vec<f64>>,
    /// Per year: direct (non-labour) cost.
    direct: Vec<Vec<f64>>,
    /// Per activity and year: direct cost (detail only).
    activity_direct: Vec<Vec<f64>>,
    /// One activity's fields: units in year 1, hours × people, cost, probability.
    base: Vec<f64>,
    hours: Vec<f64>,
    cost: Vec<f64>,
    probability: Vec<f64>,
    /// Running totals of the strategy being computed.
    total: Vec<f64>,
    once: Vec<f64>,
    /// The running sums kept after a strategy's leading activities, for a later strategy
    /// that shares them ([`Pass::shared`]).
    kept: Vec<Kept>,
}

/// A strategy's running sums after its first `len` activities, in chunk `chunk`.
struct Kept {
    chunk: usize,
    from: usize,
    len: usize,
    once: Vec<f64>,
    load: Vec<Vec<f64>>,
    direct: Vec<Vec<f64>>,
}

/// Copies `from` into `to`, column by column, resizing `to` to match.
fn copy_columns(to: &mut Vec<Vec<f64>>, from: &[Vec<f64>]) {
    to.resize_with(from.len(), Vec::new);
    for (t, f) in to.iter_mut().zip(from) {
        t.clear();
        t.extend_from_slice(f);
    }
}

/// Resizes `v` to `n` columns of `len` values (contents unspecified).
fn columns(v: &mut Vec<Vec<f64>>, n: usize, len: usize) {
    v.resize_with(n, Vec::new);
    for c in v.iter_mut() {
        c.resize(len, 0.0);
    }
}

impl Scratch {
    /// Keeps the running sums as they stand after the first `len` activities of strategy
    /// `from` in chunk `chunk`.
    fn keep(&mut self, chunk: usize, from: usize, len: usize) {
        let at = match self
            .kept
            .iter()
            .position(|k| k.from == from && k.len == len)
        {
            Some(at) => at,
            None => {
                self.kept.push(Kept {
                    chunk,
                    from,
                    len,
                    once: Vec::new(),
                    load: Vec::new(),
                    direct: Vec::new(),
                });
                self.kept.len() - 1
            }
        };
        let kept = &mut self.kept[at];
        kept.chunk = chunk;
        kept.once.clear();
        kept.once.extend_from_slice(&self.once);
        copy_columns(&mut kept.load, &self.load);
        copy_columns(&mut kept.direct, &self.direct);
    }

    /// Restores the running sums [`Scratch::keep`] kept for `prefix` in chunk `chunk`
    /// (never another chunk's: those would be other trials' sums).
    fn restore(&mut self, chunk: usize, prefix: SharedPrefix) {
        let kept = self
            .kept
            .iter()
            .find(|k| k.chunk == chunk && k.from == prefix.from && k.len == prefix.len)
            .expect(
                "an earlier strategy keeps its sums in the chunk before a later one restores them",
            );
        self.once.copy_from_slice(&kept.once);
        for (to, from) in self.load.iter_mut().zip(&kept.load) {
            to.copy_from_slice(from);
        }
        for (to, from) in self.direct.iter_mut().zip(&kept.direct) {
            to.copy_from_slice(from);
        }
    }

    fn prepare(&mut self, plan: &Plan, detail: Detail, len: usize) {
        let (t, r) = (plan.horizon, plan.roles.len());
        for f in &mut self.fleet {
            f.resize(len, 0.0);
        }
        columns(&mut self.scale, t, len);
        columns(&mut self.discount, t, len);
        for v in [
            &mut self.rate,
            &mut self.capacity,
            &mut self.hours_per_year,
            &mut self.overflow,
        ] {
            columns(v, r, len);
        }
        columns(&mut self.load, r * t, len);
        columns(&mut self.role_cost, r * t, len);
        columns(&mut self.direct, t, len);
        if detail == Detail::Full {
            let most = plan
                .strategies
                .iter()
                .map(|s| s.activities.len())
                .max()
                .unwrap_or(0);
            columns(&mut self.activity_direct, most * t, len);
        }
        for v in [
            &mut self.base,
            &mut self.hours,
            &mut self.cost,
            &mut self.probability,
            &mut self.total,
            &mut self.once,
        ] {
            v.resize(len, 0.0);
        }
    }
}

/// Writes the chunk of `v` starting at trial `start` into `buf`.
fn fill(buf: &mut [f64], v: &Val, inputs: &[&[f64]], start: usize) {
    match *v {
        Val::Const(c) => buf.fill(c),
        Val::Input(i) => buf.copy_from_slice(&inputs[i][start..start + buf.len()]),
    }
}

/// Multiplies `buf` by the chunk of `v` starting at trial `start`.
fn multiply(buf: &mut [f64], v: &Val, inputs: &[&[f64]], start: usize) {
    match *v {
        Val::Const(c) => buf.iter_mut().for_each(|x| *x *= c),
        Val::Input(i) => {
            let end = start + buf.len();
            buf.iter_mut()
                .zip(&inputs[i][start..end])
                .for_each(|(x, y)| *x *= y)
        }
    }
}

impl Pass<'_> {
    /// Simulates the trials of chunk `k`, writing into `out` (one slice per output column).
    pub(crate) fn run_chunk(&self, k: usize, out: &mut [&mut [f64]], s: &mut Scratch) {
        let plan = self.plan;
        let start = k * CHUNK;
        let len = out[0].len();
        s.prepare(plan, self.detail, len);
        self.fill_setting(start, s);
        for si in 0..plan.strategies.len() {
            self.run_strategy(si, k, out, s);
        }
        self.fill_savings(out, len);
    }

    /// Fleet, growth, discounting and roles for the chunk starting at `start`.
    fn fill_setting(&self, start: usize, s: &mut Scratch) {
        let (plan, inputs) = (self.plan, self.inputs);
        fill(&mut s.fleet[0], &plan.nodes, inputs, start);
        fill(&mut s.fleet[1], &plan.services, inputs, start);
        fill(&mut s.fleet[2], &plan.clusters, inputs, start);
        // `base` and `hours` serve as temporaries for growth and discount rates here.
        fill(&mut s.base, &plan.growth, inputs, start);
        fill(&mut s.hours, &plan.discount, inputs, start);
        for y in 0..plan.horizon {
            for (i, (sc, d)) in s.scale[y].iter_mut().zip(&mut s.discount[y]).enumerate() {
                *sc = (1.0 + s.base[i]).powi(y as i32);
                *d = (1.0 + s.hours[i]).powi(-(y as i32 + 1));
            }
        }
        self.fill_roles(plan, start, s);
    }

    /// The roles of `plan` (this pass's plan, or a variant of it that differs only in its
    /// roles' capacity, see [`Pass::run_chunk_variants`]) for the chunk starting at
    /// `start`: rate, hours per year, overflow multiplier and capacity.
    fn fill_roles(&self, plan: &Plan, start: usize, s: &mut Scratch) {
        let inputs = self.inputs;
        for (r, role) in plan.roles.iter().enumerate() {
            fill(&mut s.rate[r], &role.rate, inputs, start);
            fill(
                &mut s.hours_per_year[r],
                &role.hours_per_year,
                inputs,
                start,
            );
            fill(&mut s.overflow[r], &role.overflow_multiplier, inputs, start);
            let cap = &mut s.capacity[r];
            cap.copy_from_slice(&s.hours_per_year[r]);
            multiply(cap, &role.headcount, inputs, start);
            multiply(cap, &role.available_share, inputs, start);
        }
    }

    /// Reads one activity's fields for the chunk: hours × people, cost, probability, and
    /// its units in year 1 (before growth).
    fn fill_activity(&self, a: &ActivityPlan, start: usize, s: &mut Scratch) {
        let inputs = self.inputs;
        fill(&mut s.hours, &a.hours, inputs, start);
        multiply(&mut s.hours, &a.people, inputs, start);
        fill(&mut s.cost, &a.cost, inputs, start);
        if let Some(p) = &a.probability {
            fill(&mut s.probability, p, inputs, start);
        }
        let count = match a.driver {
            Driver::Once | Driver::Yearly => {
                s.base.fill(1.0);
                return;
            }
            Driver::PerCycle => None,
            Driver::PerNode => Some(0),
            Driver::PerService => Some(1),
            Driver::PerCluster => Some(2),
        };
        fill(&mut s.base, &a.cycles, inputs, start);
        if let Some(c) = count {
            s.base
                .iter_mut()
                .zip(&s.fleet[c])
                .for_each(|(b, n)| *b *= n);
        }
    }

    /// Simulates the trials of chunk `k` for each of `variants`, writing into `outs` (one
    /// list of output slices per variant, in order): variants of this pass's plan that
    /// differ from it only in their roles' headcount, hours per year, available share and
    /// overflow multiplier ([`super::shared_work::same_activity_pass`]). The activities'
    /// occurrences, loads and direct costs do not depend on those, so they are drawn and
    /// added up once; then each variant's labour cost, totals, role columns and savings are
    /// computed from them, by the same code as [`Pass::run_chunk`] for that variant alone,
    /// so each variant's columns are bit-identical to its own run's. Not under [`Detail::Full`], whose
    /// activity columns the labour allocation rewrites.
    pub(crate) fn run_chunk_variants(
        &self,
        k: usize,
        variants: &[&Plan],
        outs: &mut [Vec<&mut [f64]>],
        s: &mut Scratch,
    ) {
        assert!(
            self.detail != Detail::Full,
            "variants share no activity columns"
        );
        let plan = self.plan;
        let start = k * CHUNK;
        let len = outs[0][0].len();
        s.prepare(plan, self.detail, len);
        self.fill_setting(start, s);
        for si in 0..plan.strategies.len() {
            self.accumulate_strategy(si, k, &mut outs[0], s);
            for (variant, out) in variants.iter().zip(outs.iter_mut()) {
                self.fill_roles(variant, start, s);
                self.close_years(si, out, s);
            }
        }
        for out in outs.iter_mut() {
            self.fill_savings(out, len);
        }
    }

    /// One strategy's costs for the chunk.
    fn run_strategy(&self, si: usize, k: usize, out: &mut [&mut [f64]], s: &mut Scratch) {
        self.accumulate_strategy(si, k, out, s);
        self.close_years(si, out, s);
    }

    /// One strategy's activities for the chunk: one-time costs, each role's load and each
    /// year's direct cost (and, under [`Detail::Full`], each activity's columns). Outside
    /// [`Detail::Full`], a strategy whose leading activities an earlier one shares
    /// ([`Pass::shared`]) starts from the sums the earlier one kept after them, which are
    /// the sums it would reach itself, bit for bit (the same additions in the same order).
    fn accumulate_strategy(&self, si: usize, k: usize, out: &mut [&mut [f64]], s: &mut Scratch) {
        let strat = &self.plan.strategies[si];
        let sharing = self.detail != Detail::Full;
        let skip = match self.shared[si] {
            Some(prefix) if sharing => {
                s.restore(k, prefix);
                prefix.len
            }
            _ => {
                s.once.fill(0.0);
                for c in s.load.iter_mut().chain(s.direct.iter_mut()) {
                    c.fill(0.0);
                }
                0
            }
        };
        for (a, act) in strat.activities.iter().enumerate().skip(skip) {
            self.accumulate_activity(si, a, act, k, out, s);
            let done = a + 1;
            let wanted = || {
                self.shared
                    .iter()
                    .flatten()
                    .any(|p| p.from == si && p.len == done)
            };
            if sharing && wanted() {
                s.keep(k, si, done);
            }
        }
    }

    /// Activity `a` (`act`) of strategy `si` for chunk `k`: added to the running sums (and,
    /// under [`Detail::Full`], written to its columns).
    fn accumulate_activity(
        &self,
        si: usize,
        a: usize,
        act: &ActivityPlan,
        k: usize,
        out: &mut [&mut [f64]],
        s: &mut Scratch,
    ) {
        let slots = &self.layout.strategies[si];
        let full = self.detail == Detail::Full;
        let start = k * CHUNK;
        let t_years = self.plan.horizon;
        let mut events = self.design.events_from(
            self.dims,
            self.seed,
            &act.event_key,
            self.first + start as u64,
        );
        self.fill_activity(act, start, s);
        if act.driver == Driver::Once {
            // One-time items: plain rate, outside capacity, year 0.
            let zero = [0.0];
            let rate: &[f64] = match act.role {
                Some(r) => &s.rate[r],
                None => &zero,
            };
            for i in 0..s.once.len() {
                let n = match act.probability {
                    None => 1.0,
                    Some(_) => f64::from(u8::from(events.occurs(0, i, s.probability[i]))),
                };
                let role_rate = if rate.len() == 1 { rate[0] } else { rate[i] };
                let cost = n * (s.hours[i] * role_rate + s.cost[i]);
                s.once[i] += cost;
                if full {
                    out[slots.activities[a][0]][i] = cost;
                }
            }
            return;
        }
        if act.probability.is_some() {
            events.expect_counts(s.once.len());
        }
        let grows = !matches!(act.driver, Driver::PerCycle | Driver::Yearly);
        for y in 0..t_years {
            let direct = &mut s.direct[y];
            let mut no_load = Vec::new();
            let load = match act.role {
                Some(r) => &mut s.load[r * t_years + y],
                None => &mut no_load,
            };
            let scale = &s.scale[y];
            let (hours_out, direct_out) = if full {
                (
                    Some(&mut *out[slots.activities[a][y]]),
                    Some(s.activity_direct[a * t_years + y].as_mut_slice()),
                )
            } else {
                (None, None)
            };
            accumulate_year(
                Fields {
                    base: &s.base,
                    scale: grows.then_some(scale.as_slice()),
                    hours: &s.hours,
                    cost: &s.cost,
                    probability: act.probability.map(|_| s.probability.as_slice()),
                },
                &mut events,
                y + 1,
                Sinks {
                    load,
                    direct,
                    hours_out,
                    direct_out,
                },
            );
        }
    }

    /// Labour cost with capacity and overflow, yearly present values, totals, and (detail)
    /// each activity's share of its role's labour cost.
    fn close_years(&self, si: usize, out: &mut [&mut [f64]], s: &mut Scratch) {
        let plan = self.plan;
        let strat = &plan.strategies[si];
        let slots = &self.layout.strategies[si];
        let full = self.detail == Detail::Full;
        let t_years = plan.horizon;
        s.total.copy_from_slice(&s.once);
        for y in 0..t_years {
            let year = &mut *out[slots.years[y]];
            year.copy_from_slice(&s.direct[y]);
            for r in 0..plan.roles.len() {
                let load = &s.load[r * t_years + y];
                let cost = &mut s.role_cost[r * t_years + y];
                let (rate, cap, m) = (&s.rate[r], &s.capacity[r], &s.overflow[r]);
                for i in 0..year.len() {
                    let l = load[i];
                    let c = rate[i] * (l.min(cap[i]) + m[i] * (l - cap[i]).max(0.0));
                    cost[i] = c;
                    year[i] += c;
                }
            }
            let discount = &s.discount[y];
            for ((v, d), t) in year.iter_mut().zip(discount).zip(&mut s.total) {
                *v *= d;
                *t += *v;
            }
        }
        out[slots.total].copy_from_slice(&s.total);
        out[slots.one_time].copy_from_slice(&s.once);
        if self.detail == Detail::Sweep {
            self.close_sweep_roles(si, out, s);
            return;
        }
        if !full {
            return;
        }
        for (r, rs) in slots.roles.iter().enumerate() {
            for y in 0..t_years {
                let load = &s.load[r * t_years + y];
                out[rs.hours[y]].copy_from_slice(load);
                for (f, (l, h)) in out[rs.fte[y]]
                    .iter_mut()
                    .zip(load.iter().zip(&s.hours_per_year[r]))
                {
                    *f = l / h;
                }
                for (o, (l, c)) in out[rs.over[y]]
                    .iter_mut()
                    .zip(load.iter().zip(&s.capacity[r]))
                {
                    *o = if l > c { 1.0 } else { 0.0 };
                }
            }
        }
        for (a, act) in strat.activities.iter().enumerate() {
            if act.driver == Driver::Once {
                continue;
            }
            for y in 0..t_years {
                let col = &mut *out[slots.activities[a][y]];
                let direct = &s.activity_direct[a * t_years + y];
                let discount = &s.discount[y];
                for i in 0..col.len() {
                    let labour = match act.role {
                        Some(r) if s.load[r * t_years + y][i] > 0.0 => {
                            s.role_cost[r * t_years + y][i] * (col[i] / s.load[r * t_years + y][i])
                        }
                        _ => 0.0,
                    };
                    col[i] = (labour + direct[i]) * discount[i];
                }
            }
        }
    }

    /// [`Detail::Sweep`]: each role's final-year FTE and whether it runs over capacity in
    /// any year, computed as [`Detail::Full`] computes each year's FTE and flag.
    fn close_sweep_roles(&self, si: usize, out: &mut [&mut [f64]], s: &Scratch) {
        let t_years = self.plan.horizon;
        for (r, rs) in self.layout.strategies[si].sweep_roles.iter().enumerate() {
            let last = &s.load[r * t_years + t_years - 1];
            for (f, (l, h)) in out[rs.final_fte]
                .iter_mut()
                .zip(last.iter().zip(&s.hours_per_year[r]))
            {
                *f = l / h;
            }
            let any = &mut *out[rs.any_over];
            any.fill(0.0);
            for y in 0..t_years {
                let load = &s.load[r * t_years + y];
                for (o, (l, c)) in any.iter_mut().zip(load.iter().zip(&s.capacity[r])) {
                    if l > c {
                        *o = 1.0;
                    }
                }
            }
        }
    }

    /// Savings and the payback year from the strategies' columns.
    fn fill_savings(&self, out: &mut [&mut [f64]], len: usize) {
        let plan = self.plan;
        let layout = self.layout;
        let (b, a) = (
            &layout.strategies[plan.baseline],
            &layout.strategies[plan.alternative],
        );
        // `i` indexes several output columns at once.
        #[allow(clippy::needless_range_loop)]
        for i in 0..len {
            out[layout.savings][i] = out[b.total][i] - out[a.total][i];
            let year_0 = out[b.one_time][i] - out[a.one_time][i];
            let years = b.years.iter().zip(&a.years);
            let cumulative = std::iter::once(year_0)
                .chain(years.map(|(&yb, &ya)| out[yb][i] - out[ya][i]))
                .scan(0.0, |acc, d| {
                    *acc += d;
                    Some(*acc)
                });
            out[layout.payback][i] = payback_year(cumulative).map_or(-1.0, |y| y as f64);
        }
    }
}

/// One activity's fields over the chunk, for one year.
struct Fields<'a> {
    base: &'a [f64],
    /// The year's growth factor, for drivers that scale with the fleet.
    scale: Option<&'a [f64]>,
    hours: &'a [f64],
    cost: &'a [f64],
    probability: Option<&'a [f64]>,
}

/// Where one activity-year's occurrences go.
struct Sinks<'a> {
    /// The role's load (empty when the activity has no role).
    load: &'a mut [f64],
    direct: &'a mut [f64],
    /// Detail: the activity's hours and direct cost.
    hours_out: Option<&'a mut [f64]>,
    direct_out: Option<&'a mut [f64]>,
}

/// Adds one activity-year's hours to its role's load and its direct cost to the year's;
/// `year` is 1 for the first year (what the event draws are indexed by).
fn accumulate_year(f: Fields, events: &mut Events, year: usize, sink: Sinks) {
    let len = f.base.len();
    let has_role = !sink.load.is_empty();
    let units = |i: usize| match f.scale {
        Some(sc) => f.base[i] * sc[i],
        None => f.base[i],
    };
    match (f.probability, sink.hours_out, sink.direct_out) {
        (None, None, None) if has_role => {
            for i in 0..len {
                let n = units(i);
                sink.load[i] += n * f.hours[i];
                sink.direct[i] += n * f.cost[i];
            }
        }
        (None, None, None) => {
            for i in 0..len {
                sink.direct[i] += units(i) * f.cost[i];
            }
        }
        (p, mut hours_out, mut direct_out) => {
            for i in 0..len {
                let u = units(i);
                let n = match p {
                    None => u,
                    Some(p) => events.count(year, i, u * p[i]),
                };
                let h = n * f.hours[i];
                let d = n * f.cost[i];
                if has_role {
                    sink.load[i] += h;
                }
                sink.direct[i] += d;
                if let Some(o) = hours_out.as_deref_mut() {
                    o[i] = h;
                }
                if let Some(o) = direct_out.as_deref_mut() {
                    o[i] = d;
                }
            }
        }
    }
}
