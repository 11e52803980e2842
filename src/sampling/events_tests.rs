//! Point events: each coordinate is the point's own, bit for bit, in whatever order the
//! coordinates are asked for (the block of [`PointEvents`] is only a cache).

use super::*;
use crate::sampling::sobol_points::DirectionNumbers;

/// The coordinate [`PointEvents::at`] must give: the year's source at the run's index.
fn expected(years: &[Coordinate], stream: u64, start: u64, year: usize, trial: usize) -> f64 {
    let index = start + trial as u64;
    match years.get(year) {
        Some(source) => source.at(index),
        None => Coordinate::Stream(year_stream(stream, year)).at(index),
    }
}

#[test]
fn each_coordinate_is_its_points_own_in_any_order() {
    let table = DirectionNumbers::new(8).unwrap();
    let years = vec![
        Coordinate::Points(table.column(3).unwrap().scrambled(11)),
        Coordinate::Points(table.column(7).unwrap().scrambled(11)),
        Coordinate::Stream(99),
    ];
    // In order past a block, another year, back and backwards, jumps and repeats, a year
    // past the listed ones (its stream).
    let order: Vec<(usize, usize)> = (0..300)
        .map(|t| (0, t))
        .chain((0..150).map(|t| (1, t)))
        .chain((0..40).rev().map(|t| (0, t)))
        .chain([
            (0, 5000),
            (0, 5001),
            (0, 5001),
            (2, 17),
            (1, 18),
            (0, 64),
            (0, 63),
        ])
        .chain((0..70).map(|t| (4, t)))
        .chain([(1, 0), (0, 1 << 20), (0, 0)])
        .collect();
    for start in [0u64, 1000, 4096] {
        let Events::Points(mut points) = Events::points(start, years.clone(), 7) else {
            unreachable!()
        };
        for &(year, trial) in &order {
            assert_eq!(
                points.at(year, trial).to_bits(),
                expected(&years, 7, start, year, trial).to_bits(),
                "start {start}, year {year}, trial {trial}"
            );
        }
    }
}

#[test]
fn a_block_stops_at_the_last_point_of_a_sobol_dimension() {
    // The chunk's last trials are the sequence's last points: the block holds only those.
    let table = DirectionNumbers::new(4).unwrap();
    let years = vec![Coordinate::Points(table.column(2).unwrap().scrambled(5))];
    let start = (1u64 << 32) - 10;
    let Events::Points(mut points) = Events::points(start, years.clone(), 1) else {
        unreachable!()
    };
    for trial in 0..10 {
        assert_eq!(
            points.at(0, trial).to_bits(),
            expected(&years, 1, start, 0, trial).to_bits(),
            "trial {trial}"
        );
    }
}
