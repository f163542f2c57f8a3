//! Progress of long work (a billing run, the demo estate), reported to whoever started it: the desktop app
//! shows a bar from it. The core only counts; it knows nothing of windows or channels.

/// Called with (done, total) as the work advances.
pub type OnStep<'a> = &'a (dyn Fn(u64, u64) + Sync);

/// Nobody is watching.
pub fn silent(_done: u64, _total: u64) {}

/// Passes on whole percents only, so a run of 60,000 rows reports about a hundred steps, not 60,000.
pub struct Percent<'a> {
    on: OnStep<'a>,
    total: u64,
    last: u64,
}

impl<'a> Percent<'a> {
    pub fn new(on: OnStep<'a>, total: u64) -> Percent<'a> {
        Percent {
            on,
            total,
            last: u64::MAX,
        }
    }

    pub fn at(&mut self, done: u64) {
        let pct = (done * 100).checked_div(self.total).unwrap_or(100);
        if pct != self.last {
            self.last = pct;
            (self.on)(done, self.total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn whole_percents_only_and_the_end_always() {
        let seen = Mutex::new(Vec::new());
        let on = |d, t| seen.lock().unwrap().push((d, t));
        let mut p = Percent::new(&on, 1000);
        for done in 0..=1000 {
            p.at(done);
        }
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.len(), 101, "0 % … 100 %");
        assert_eq!(seen.last(), Some(&(1000, 1000)));
        assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
