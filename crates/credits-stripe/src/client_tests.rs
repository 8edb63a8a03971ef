//! Request building and redaction checks for the client; nothing here touches the network.

use super::*;

const KEY: &str = "sk_test_51HverySecretKeyMaterial";

fn client() -> StripeClient {
    StripeClient::new("http://127.0.0.1:8420/", SecretKey::new(KEY)).unwrap()
}

fn body(request: &reqwest::Request) -> String {
    let bytes = request.body().and_then(|b| b.as_bytes()).unwrap_or_default();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn api_base_is_normalized_and_validated() {
    for (given, expected) in [
        ("https://api.stripe.com", "https://api.stripe.com"),
        ("https://api.stripe.com/", "https://api.stripe.com"),
        ("http://127.0.0.1:8420/v1/", "http://127.0.0.1:8420"),
        ("http://localhost:1/prefix", "http://localhost:1/prefix"),
    ] {
        let client = StripeClient::new(given, SecretKey::new(KEY)).unwrap();
        assert_eq!(client.api_base(), expected);
    }
    for bad in ["", "api.stripe.com", "ftp://x", "https://u:p@api.stripe.com", "https://x/?a=b"] {
        let err = StripeClient::new(bad, SecretKey::new(KEY)).unwrap_err();
        assert_eq!(err.kind(), "invalid_input", "{bad}");
    }
}

#[test]
fn bad_keys_are_refused_without_echoing_them() {
    let err = StripeClient::new(DEFAULT_API_BASE, SecretKey::new("")).unwrap_err();
    assert_eq!(err.kind(), "invalid_input");
    let err = StripeClient::new(DEFAULT_API_BASE, SecretKey::new("sk_test_secret\u{7}tail")).unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("sk_test_secret") && !shown.contains("tail"), "{shown}");
}

#[test]
fn debug_and_display_never_show_the_key() {
    let client = client();
    for shown in [format!("{client:?}"), format!("{client:#?}"), client.to_string()] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(!shown.contains("verySecret"), "{shown}");
    }
    assert!(format!("{client:?}").contains("sk_…redacted"));
    let request = client.build(Method::GET, "/v1/customers/cus_1", None, None, None).unwrap();
    assert!(!format!("{request:?}").contains(KEY));
}

#[test]
fn post_carries_auth_form_body_and_idempotency_key() {
    let client = client();
    let mut form = Form::new();
    form.push(&["metadata", "purchase_id"], "pur 1");
    let request =
        client.build(Method::POST, "/v1/customers", None, Some(&form), Some("purchase-pur_1-customer")).unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.url().as_str(), "http://127.0.0.1:8420/v1/customers");
    let headers = request.headers();
    let auth = &headers["authorization"];
    assert_eq!(auth.to_str().unwrap(), format!("Bearer {KEY}"));
    assert!(auth.is_sensitive());
    assert_eq!(headers["idempotency-key"], "purchase-pur_1-customer");
    assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
    assert_eq!(request.timeout(), Some(&Duration::from_secs(20)));
    assert_eq!(body(&request), "metadata[purchase_id]=pur%201");
}

#[test]
fn each_attempt_is_rebuilt_identically() {
    // What makes retries safe: the same key and body on every attempt.
    let client = client().with_timeout(Duration::from_millis(1500));
    let params = CustomerParams { email: Some("a@b.c".into()), ..Default::default() };
    let form = params.to_form();
    let first = client.build(Method::POST, "/v1/customers", None, Some(&form), Some("k1")).unwrap();
    let second = client.build(Method::POST, "/v1/customers", None, Some(&form), Some("k1")).unwrap();
    assert_eq!(first.headers(), second.headers());
    assert_eq!(body(&first), body(&second));
    assert_eq!(first.timeout(), Some(&Duration::from_millis(1500)));
}

#[test]
fn get_has_query_and_no_body() {
    let client = client();
    let mut query = Form::new();
    query.push(&["limit"], "100").push(&["starting_after"], "pi_1");
    let request = client.build(Method::GET, "/v1/payment_intents", Some(&query), None, None).unwrap();
    assert_eq!(request.url().as_str(), "http://127.0.0.1:8420/v1/payment_intents?limit=100&starting_after=pi_1");
    assert!(request.body().is_none());
    assert!(!request.headers().contains_key("idempotency-key"));
}

#[test]
fn ids_and_idempotency_keys_are_checked() {
    assert_eq!(segment("cus_1").unwrap(), "cus_1");
    assert_eq!(segment("../x").unwrap(), "..%2Fx");
    assert!(segment("").is_err());
    assert!(check_idempotency_key("purchase-1").is_ok());
    assert!(check_idempotency_key("").is_err());
    assert!(check_idempotency_key("has space").is_err());
    assert!(check_idempotency_key(&"k".repeat(256)).is_err());
}

#[tokio::test]
async fn invalid_input_fails_before_sending() {
    // Port 9 (discard) on loopback: nothing is sent, because validation fails first.
    let client = StripeClient::new("http://127.0.0.1:9", SecretKey::new(KEY)).unwrap();
    let err = client.retrieve_customer("").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_input");
    let err = client.create_customer(&CustomerParams::default(), "").await.unwrap_err();
    assert_eq!(err.kind(), "invalid_input");
}

#[test]
fn builder_settings() {
    let policy = RetryPolicy {
        max_attempts: 2,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(1),
    };
    let client = client().with_retry_policy(policy).with_max_list_pages(0);
    assert_eq!(client.retry, policy);
    assert_eq!(client.max_list_pages, 1);
}

#[test]
fn list_queries_filter_by_customer_and_creation_and_page_on() {
    let query = list_query("cus_1", Some("1700000000"), Some("pi_9"));
    assert_eq!(query.encode(), "customer=cus_1&limit=100&created[gte]=1700000000&starting_after=pi_9");
    assert_eq!(list_query("cus_1", None, None).encode(), "customer=cus_1&limit=100");
}
