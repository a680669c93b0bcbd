//! A progress bar for reading large files, on a terminal only.
//!
//! A national observation file takes seconds to read; a bar on stderr says
//! how far it has got. It appears only when stderr is a terminal and the
//! work has lasted over a second, so short runs, pipes, files and CI logs
//! see nothing of it, and it is cleared when the file is read.

use std::io::{IsTerminal, Read};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this shows no bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A reader that advances a progress bar by the bytes it reads.
pub(crate) struct ProgressReader<R> {
    inner: R,
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may be drawn at all (stderr is a terminal).
    terminal: bool,
    shown: bool,
}

impl<R: Read> ProgressReader<R> {
    /// Wraps `inner`, which holds `len` bytes, naming the work `name`.
    pub(crate) fn new(inner: R, len: u64, name: &str) -> ProgressReader<R> {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        ProgressReader {
            inner,
            bar,
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    /// Bytes read so far.
    #[cfg(test)]
    pub(crate) fn position(&self) -> u64 {
        self.bar.position()
    }

    /// Clears the bar (if it was drawn).
    pub(crate) fn finish(self) {
        self.bar.finish_and_clear();
    }
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        if !self.shown && self.terminal && self.started.elapsed() >= SHOW_AFTER {
            self.shown = true;
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_every_byte_read_and_passes_them_through() {
        let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        let mut reader = ProgressReader::new(&data[..], data.len() as u64, "data");
        let mut copy = Vec::new();
        reader.read_to_end(&mut copy).unwrap();
        assert_eq!(copy, data);
        assert_eq!(reader.position(), data.len() as u64);
        reader.finish();
    }
}
