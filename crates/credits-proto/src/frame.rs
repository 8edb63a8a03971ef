//! Line framing with a size limit, for blocking readers (the CLI side). The daemon has an async
//! twin with the same rules.

use std::io::{self, BufRead};

/// Reads one `\n`-terminated line of at most `max` bytes (without the newline). `Ok(None)` at
/// end of stream. A longer line is an `InvalidData` error after which the stream is unusable.
pub fn read_line(r: &mut impl BufRead, max: usize) -> io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            return if line.is_empty() {
                Ok(None)
            } else {
                Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-message"))
            };
        }
        if let Some(pos) = buf.iter().position(|b| *b == b'\n') {
            line.extend_from_slice(&buf[..pos]);
            r.consume(pos + 1);
            break;
        }
        let n = buf.len();
        line.extend_from_slice(buf);
        r.consume(n);
        if line.len() > max {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "message too large"));
        }
    }
    if line.len() > max {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "message too large"));
    }
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lines_and_limits_size() {
        let mut r = io::BufReader::new(&b"{\"a\":1}\n{}\n"[..]);
        assert_eq!(read_line(&mut r, 100).unwrap().unwrap(), b"{\"a\":1}");
        assert_eq!(read_line(&mut r, 100).unwrap().unwrap(), b"{}");
        assert!(read_line(&mut r, 100).unwrap().is_none());
        let big = vec![b'x'; 300];
        let mut r = io::BufReader::with_capacity(16, &big[..]);
        assert!(read_line(&mut r, 100).is_err());
    }
}
