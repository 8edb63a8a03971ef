//! Debits over the HTTP API as an AI service sends them: `POST /v1/usage` with a seat's bearer
//! token on a keep-alive connection. A minimal HTTP/1.1 client over `std::net::TcpStream`, so the
//! client costs as little CPU as possible on a machine it shares with the daemon.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use anyhow::{Context, bail};

use crate::load::Debit;
use crate::socket_load::AMOUNT;

/// One keep-alive connection to the HTTP API, authenticated as one seat.
pub struct HttpConn {
    reader: BufReader<TcpStream>,
    token: String,
    request: Vec<u8>,
    line: String,
    body: Vec<u8>,
}

impl HttpConn {
    pub fn connect(addr: SocketAddr, token: &str) -> anyhow::Result<HttpConn> {
        let stream = TcpStream::connect(addr).with_context(|| format!("cannot connect to {addr}"))?;
        stream.set_nodelay(true)?;
        Ok(HttpConn {
            reader: BufReader::new(stream),
            token: token.to_owned(),
            request: Vec::with_capacity(512),
            line: String::new(),
            body: Vec::with_capacity(1024),
        })
    }

    /// Sends one request and reads the whole answer; returns the status code and body.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        key: Option<&str>,
        body: &[u8],
    ) -> anyhow::Result<(u16, &[u8])> {
        self.request.clear();
        write!(
            self.request,
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n",
            self.token,
            body.len()
        )?;
        if let Some(k) = key {
            write!(self.request, "Idempotency-Key: {k}\r\n")?;
        }
        self.request.extend_from_slice(b"\r\n");
        self.request.extend_from_slice(body);
        self.reader.get_mut().write_all(&self.request)?;

        self.line.clear();
        if self.reader.read_line(&mut self.line)? == 0 {
            bail!("the daemon closed the HTTP connection");
        }
        let status: u16 = self
            .line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("malformed status line {:?}", self.line))?;
        let mut length = None;
        loop {
            self.line.clear();
            if self.reader.read_line(&mut self.line)? == 0 {
                bail!("the daemon closed the HTTP connection mid-answer");
            }
            let header = self.line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = Some(value.trim().parse::<usize>()?);
                } else if name.eq_ignore_ascii_case("transfer-encoding") {
                    bail!("chunked answers are not supported by the benchmark client");
                }
            }
        }
        let length = length.context("an answer without Content-Length")?;
        self.body.resize(length, 0);
        self.reader.read_exact(&mut self.body)?;
        Ok((status, &self.body))
    }
}

impl Debit for HttpConn {
    fn debit(&mut self, _id: u64, key: Option<&str>) -> anyhow::Result<()> {
        let body = format!(r#"{{"amount":"{AMOUNT}"}}"#);
        let (status, answer) = self.request("POST", "/v1/usage", key, body.as_bytes())?;
        if status != 200 {
            bail!("POST /v1/usage answered {status}: {}", String::from_utf8_lossy(answer));
        }
        Ok(())
    }
}

/// `POST /v1/usage/batch` of `size` debits; each must answer `ok` for every event.
pub struct Batches {
    pub conn: HttpConn,
    pub size: usize,
}

impl Debit for Batches {
    fn debit(&mut self, _id: u64, _key: Option<&str>) -> anyhow::Result<()> {
        let body = format!(r#"{{"events":{}}}"#, crate::socket_load::batch_events(self.size));
        let (status, answer) = self.conn.request("POST", "/v1/usage/batch", None, body.as_bytes())?;
        if status != 200 {
            bail!("POST /v1/usage/batch answered {status}: {}", String::from_utf8_lossy(answer));
        }
        crate::socket_load::all_ok(answer, self.size)
    }
}
