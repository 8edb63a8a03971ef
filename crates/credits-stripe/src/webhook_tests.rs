//! Signature verification cases: each way a webhook can be forged, replayed or mangled.

use super::*;

const SECRET: &str = "whsec_test_secret_value";
const NOW: i64 = 1_700_000_000;
const PAYLOAD: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded","created":1700000000,"data":{"object":{"id":"pi_1","object":"payment_intent","amount":2000,"currency":"usd","status":"succeeded","metadata":{"purchase_id":"pur_1"}}}}"#;

fn check(header: &str) -> Result<(), WebhookError> {
    verify(PAYLOAD, header, SECRET, NOW, DEFAULT_TOLERANCE_SECS)
}

#[test]
fn valid_signature_is_accepted() {
    let header = sign(PAYLOAD, SECRET, NOW);
    assert!(header.starts_with("t=1700000000,v1="));
    assert_eq!(check(&header), Ok(()));
    // Exactly at the tolerance edge, both directions.
    assert_eq!(check(&sign(PAYLOAD, SECRET, NOW - 300)), Ok(()));
    assert_eq!(check(&sign(PAYLOAD, SECRET, NOW + 300)), Ok(()));
}

#[test]
fn known_vector() {
    // Computed with Python's hmac module: HMAC-SHA256("whsec_test_secret_value", "1700000000.{}").
    let header = sign(b"{}", SECRET, NOW);
    assert_eq!(header, "t=1700000000,v1=b85c361a7b603b783e19edfa7eb9b4ca2574157c2f9e28de43634cd2fd5791af");
}

#[test]
fn wrong_secret_is_rejected() {
    let header = sign(PAYLOAD, "whsec_other", NOW);
    assert_eq!(check(&header), Err(WebhookError::SignatureMismatch));
}

#[test]
fn tampered_body_is_rejected() {
    let header = sign(PAYLOAD, SECRET, NOW);
    let tampered = String::from_utf8(PAYLOAD.to_vec()).unwrap().replace("2000", "200000");
    let result = verify(tampered.as_bytes(), &header, SECRET, NOW, DEFAULT_TOLERANCE_SECS);
    assert_eq!(result, Err(WebhookError::SignatureMismatch));
}

#[test]
fn changed_timestamp_is_rejected() {
    let header = sign(PAYLOAD, SECRET, NOW).replace("t=1700000000", "t=1700000001");
    assert_eq!(check(&header), Err(WebhookError::SignatureMismatch));
}

#[test]
fn stale_and_future_timestamps_are_rejected() {
    for t in [NOW - 301, NOW - 86_400, NOW + 301, i64::MIN, i64::MAX] {
        let err = check(&sign(PAYLOAD, SECRET, t)).unwrap_err();
        assert!(
            matches!(err, WebhookError::TimestampOutsideTolerance { timestamp, .. } if timestamp == t),
            "{t}: {err:?}"
        );
    }
}

#[test]
fn missing_header_and_secret() {
    assert_eq!(check(""), Err(WebhookError::MissingHeader));
    assert_eq!(check("  "), Err(WebhookError::MissingHeader));
    let header = sign(PAYLOAD, SECRET, NOW);
    assert_eq!(verify(PAYLOAD, &header, "", NOW, 300), Err(WebhookError::MissingSecret));
}

#[test]
fn one_valid_among_several_v1_is_accepted() {
    let good = sign(PAYLOAD, SECRET, NOW);
    let good_sig = good.split_once("v1=").unwrap().1;
    let bad_sig = sign(PAYLOAD, "whsec_old", NOW).split_once("v1=").unwrap().1.to_owned();
    let header = format!("t={NOW},v1={bad_sig},v1=nothex,v1={good_sig},v0={bad_sig}");
    assert_eq!(check(&header), Ok(()));
    let header = format!("t={NOW}, v1={bad_sig}, v0={good_sig}");
    assert_eq!(check(&header), Err(WebhookError::SignatureMismatch), "v0 must not count");
}

#[test]
fn garbage_headers_are_rejected() {
    let sig = sign(PAYLOAD, SECRET, NOW);
    let sig = sig.split_once("v1=").unwrap().1;
    for (header, kind) in [
        ("garbage", "malformed_header"),
        ("t=abc,v1=00", "malformed_header"),
        (&*format!("v1={sig}"), "malformed_header"),
        (&*format!("t={NOW},t={NOW},v1={sig}"), "malformed_header"),
        (&*format!("t={NOW}"), "no_v1_signature"),
        (&*format!("t={NOW},v0={sig}"), "no_v1_signature"),
        (&*format!("t={NOW},v1="), "signature_mismatch"),
        (&*format!("t={NOW},v1={}", &sig[..10]), "signature_mismatch"),
    ] {
        let err = check(header).unwrap_err();
        assert_eq!(err.kind(), kind, "{header}: {err}");
    }
}

#[test]
fn messages_never_contain_the_secret() {
    let errors = [
        check("").unwrap_err(),
        check("garbage").unwrap_err(),
        check(&sign(PAYLOAD, "x", NOW)).unwrap_err(),
        check(&sign(PAYLOAD, SECRET, 0)).unwrap_err(),
        parse_event(b"{not json").unwrap_err(),
    ];
    for err in errors {
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(SECRET) && !shown.contains("secret_value"), "{shown}");
    }
}

#[test]
fn parse_event_after_verify() {
    assert_eq!(check(&sign(PAYLOAD, SECRET, NOW)), Ok(()));
    let event = parse_event(PAYLOAD).unwrap();
    assert_eq!(event.type_, "payment_intent.succeeded");
    let intent = event.payment_intent().unwrap();
    assert_eq!(intent.metadata["purchase_id"], "pur_1");
    assert!(event.checkout_session().is_err());
    assert_eq!(parse_event(b"[]").unwrap_err().kind(), "invalid_payload");
}
