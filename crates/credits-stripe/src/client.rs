//! The Stripe API client: form-encoded requests, bearer auth, idempotency keys and retries.

use std::fmt;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;

use crate::form::{Form, percent_encode};
use crate::retry::{self, RetryPolicy};
use crate::types::{HasId, HasMetadata, List};
use crate::{
    CheckoutSession, CheckoutSessionParams, Customer, CustomerParams, PaymentIntent, PaymentIntentParams,
    PaymentMethod, SecretKey, StripeError,
};

/// Stripe's own API base.
pub const DEFAULT_API_BASE: &str = "https://api.stripe.com";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// Stripe's largest page size.
const PAGE_SIZE: &str = "100";
/// With 100 objects a page, the metadata searches look at the newest 2,000 objects at most.
const DEFAULT_MAX_LIST_PAGES: u32 = 20;

/// A Stripe API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct StripeClient {
    http: reqwest::Client,
    base: String,
    key: SecretKey,
    timeout: Duration,
    retry: RetryPolicy,
    max_list_pages: u32,
}

impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeClient")
            .field("api_base", &self.base)
            .field("secret_key", &self.key)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_list_pages", &self.max_list_pages)
            .finish()
    }
}

impl fmt::Display for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stripe API at {}", self.base)
    }
}

impl StripeClient {
    /// A client for `api_base` (e.g. [`DEFAULT_API_BASE`] or an emulator's `http://127.0.0.1:…`;
    /// a trailing `/` or `/v1` is accepted), with a 20 s timeout per attempt and the default
    /// [`RetryPolicy`]. Fails with `InvalidInput` on an unusable base URL or key.
    pub fn new(api_base: &str, secret_key: SecretKey) -> Result<Self, StripeError> {
        let base = normalize_base(api_base)?;
        if secret_key.is_empty() {
            return Err(StripeError::InvalidInput("the Stripe secret key is empty".into()));
        }
        // Checked here so a bad key fails at startup, not on the first purchase; the message
        // must not echo the key.
        if HeaderValue::from_str(&format!("Bearer {}", secret_key.expose())).is_err() {
            return Err(StripeError::InvalidInput(
                "the Stripe secret key contains characters that cannot be sent in a header".into(),
            ));
        }
        let http = reqwest::Client::builder()
            .user_agent(concat!("studio-credits/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            // Stripe's API never redirects; following one could replay a POST as a GET.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| StripeError::InvalidInput(format!("cannot build the HTTP client: {e}")))?;
        Ok(Self {
            http,
            base,
            key: secret_key,
            timeout: DEFAULT_TIMEOUT,
            retry: RetryPolicy::default(),
            max_list_pages: DEFAULT_MAX_LIST_PAGES,
        })
    }

    /// Sets the time limit for each attempt (connect, send and read the answer).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets how failed requests are retried.
    pub fn with_retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Sets how many list pages (of 100) the `find_*_by_metadata` searches read at most.
    pub fn with_max_list_pages(mut self, pages: u32) -> Self {
        self.max_list_pages = pages.max(1);
        self
    }

    /// The API base this client talks to, without a trailing slash.
    pub fn api_base(&self) -> &str {
        &self.base
    }

    /// Creates a customer.
    pub async fn create_customer(
        &self,
        params: &CustomerParams,
        idempotency_key: &str,
    ) -> Result<Customer, StripeError> {
        self.post("/v1/customers", &params.to_form(), idempotency_key).await
    }

    /// Retrieves a customer, including a deleted one (`deleted: true`).
    pub async fn retrieve_customer(&self, customer_id: &str) -> Result<Customer, StripeError> {
        self.get(&format!("/v1/customers/{}", segment(customer_id)?), None).await
    }

    /// Attaches a payment method to a customer and returns it; use the returned id, which for
    /// Stripe's test tokens (`pm_card_visa`) differs from the one passed in.
    pub async fn attach_payment_method(
        &self,
        payment_method_id: &str,
        customer_id: &str,
        idempotency_key: &str,
    ) -> Result<PaymentMethod, StripeError> {
        let path = format!("/v1/payment_methods/{}/attach", segment(payment_method_id)?);
        let mut form = Form::new();
        form.push(&["customer"], require_id(customer_id)?);
        self.post(&path, &form, idempotency_key).await
    }

    /// Makes `payment_method_id` the customer's default for invoices and off-session charges.
    pub async fn set_default_payment_method(
        &self,
        customer_id: &str,
        payment_method_id: &str,
        idempotency_key: &str,
    ) -> Result<Customer, StripeError> {
        let path = format!("/v1/customers/{}", segment(customer_id)?);
        let mut form = Form::new();
        form.push(&["invoice_settings", "default_payment_method"], require_id(payment_method_id)?);
        self.post(&path, &form, idempotency_key).await
    }

    /// The customer's attached cards (the first 100).
    pub async fn list_payment_methods(&self, customer_id: &str) -> Result<Vec<PaymentMethod>, StripeError> {
        let mut query = Form::new();
        query.push(&["customer"], require_id(customer_id)?).push(&["type"], "card").push(&["limit"], PAGE_SIZE);
        let list: List<PaymentMethod> = self.get("/v1/payment_methods", Some(&query)).await?;
        Ok(list.data)
    }

    /// The payment method to charge off-session: the customer's invoice default, else the first
    /// attached card, else `None` (also for a deleted customer).
    pub async fn default_payment_method(&self, customer_id: &str) -> Result<Option<String>, StripeError> {
        let customer = self.retrieve_customer(customer_id).await?;
        if customer.deleted {
            return Ok(None);
        }
        if let Some(id) = customer.default_payment_method_id() {
            return Ok(Some(id.to_owned()));
        }
        let cards = self.list_payment_methods(customer_id).await?;
        Ok(cards.into_iter().next().map(|pm| pm.id))
    }

    /// Creates (and, with `confirm`, attempts) a PaymentIntent. A decline or a card needing
    /// authentication may come back as an error (`CardDeclined`, `AuthenticationRequired`) or as
    /// a PaymentIntent whose [`PaymentIntent::failure`] says so: check both.
    pub async fn create_payment_intent(
        &self,
        params: &PaymentIntentParams,
        idempotency_key: &str,
    ) -> Result<PaymentIntent, StripeError> {
        self.post("/v1/payment_intents", &params.to_form(), idempotency_key).await
    }

    /// Retrieves a PaymentIntent.
    pub async fn retrieve_payment_intent(&self, payment_intent_id: &str) -> Result<PaymentIntent, StripeError> {
        self.get(&format!("/v1/payment_intents/{}", segment(payment_intent_id)?), None).await
    }

    /// The first PaymentIntent in list order (Stripe lists newest first) whose `metadata[key]`
    /// equals `value`, searching a bounded number of pages (see [`Self::with_max_list_pages`]).
    /// Used to find the result of a create whose answer was lost.
    pub async fn find_payment_intent_by_metadata(
        &self,
        key: &str,
        value: &str,
    ) -> Result<Option<PaymentIntent>, StripeError> {
        self.find_by_metadata("/v1/payment_intents", key, value).await
    }

    /// Creates a hosted Checkout Session in `payment` mode.
    pub async fn create_checkout_session(
        &self,
        params: &CheckoutSessionParams,
        idempotency_key: &str,
    ) -> Result<CheckoutSession, StripeError> {
        self.post("/v1/checkout/sessions", &params.to_form(), idempotency_key).await
    }

    /// Retrieves a Checkout Session.
    pub async fn retrieve_checkout_session(&self, session_id: &str) -> Result<CheckoutSession, StripeError> {
        self.get(&format!("/v1/checkout/sessions/{}", segment(session_id)?), None).await
    }

    /// Expires an open Checkout Session so it can no longer be paid.
    pub async fn expire_checkout_session(
        &self,
        session_id: &str,
        idempotency_key: &str,
    ) -> Result<CheckoutSession, StripeError> {
        let path = format!("/v1/checkout/sessions/{}/expire", segment(session_id)?);
        self.post(&path, &Form::new(), idempotency_key).await
    }

    /// The first Checkout Session in list order (Stripe lists newest first) whose `metadata[key]`
    /// equals `value`, searching a bounded number of pages.
    pub async fn find_checkout_session_by_metadata(
        &self,
        key: &str,
        value: &str,
    ) -> Result<Option<CheckoutSession>, StripeError> {
        self.find_by_metadata("/v1/checkout/sessions", key, value).await
    }

    /// Every PaymentIntent of `customer` created at or after `created_gte` (Unix seconds; all
    /// when `None`), newest first, with its latest charge expanded (for refunds), reading at
    /// most `max_pages` pages of 100. The flag is true when more remained after the last page
    /// read.
    pub async fn list_payment_intents(
        &self,
        customer: &str,
        created_gte: Option<i64>,
        max_pages: u32,
    ) -> Result<(Vec<PaymentIntent>, bool), StripeError> {
        self.list_all("/v1/payment_intents", customer, created_gte, Some("data.latest_charge"), max_pages).await
    }

    /// Every Checkout Session of `customer` created at or after `created_gte`, as
    /// [`Self::list_payment_intents`] does.
    pub async fn list_checkout_sessions(
        &self,
        customer: &str,
        created_gte: Option<i64>,
        max_pages: u32,
    ) -> Result<(Vec<CheckoutSession>, bool), StripeError> {
        self.list_all("/v1/checkout/sessions", customer, created_gte, None, max_pages).await
    }

    /// Pages through a customer's list (`customer`, `created[gte]`, `limit`, `starting_after`
    /// while `has_more`).
    async fn list_all<T>(
        &self,
        path: &str,
        customer: &str,
        created_gte: Option<i64>,
        expand: Option<&str>,
        max_pages: u32,
    ) -> Result<(Vec<T>, bool), StripeError>
    where
        T: DeserializeOwned + HasId,
    {
        let customer = require_id(customer)?;
        let created = created_gte.map(|t| t.to_string());
        let mut all = Vec::new();
        let mut starting_after: Option<String> = None;
        for _ in 0..max_pages.max(1) {
            let mut query = list_query(customer, created.as_deref(), starting_after.as_deref());
            query.push_opt(&["expand", ""], expand);
            let page: List<T> = self.get(path, Some(&query)).await?;
            let last_id = page.data.last().map(|o| o.id().to_owned());
            all.extend(page.data);
            match last_id {
                Some(id) if page.has_more => starting_after = Some(id),
                _ => return Ok((all, false)),
            }
        }
        Ok((all, true))
    }

    /// Pages through a list with only `limit` and `starting_after` (the emulator rejects any
    /// other filter, and has no Search API) and matches metadata here.
    async fn find_by_metadata<T>(&self, path: &str, key: &str, value: &str) -> Result<Option<T>, StripeError>
    where
        T: DeserializeOwned + HasMetadata,
    {
        let mut starting_after: Option<String> = None;
        for _ in 0..self.max_list_pages {
            let mut query = Form::new();
            query.push(&["limit"], PAGE_SIZE);
            query.push_opt(&["starting_after"], starting_after.as_deref());
            let page: List<T> = self.get(path, Some(&query)).await?;
            let last_id = page.data.last().map(|o| o.id().to_owned());
            if let Some(found) = page.data.into_iter().find(|o| o.metadata().get(key).is_some_and(|v| v == value)) {
                return Ok(Some(found));
            }
            match last_id {
                Some(id) if page.has_more => starting_after = Some(id),
                _ => break,
            }
        }
        Ok(None)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, query: Option<&Form>) -> Result<T, StripeError> {
        retry::run(&self.retry, path, || async {
            let request = self.build(Method::GET, path, query, None, None)?;
            self.send(request, path).await
        })
        .await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        path: &str,
        form: &Form,
        idempotency_key: &str,
    ) -> Result<T, StripeError> {
        check_idempotency_key(idempotency_key)?;
        // Every attempt is rebuilt with the same key, so Stripe runs the POST at most once.
        retry::run(&self.retry, path, || async {
            let request = self.build(Method::POST, path, None, Some(form), Some(idempotency_key))?;
            self.send(request, path).await
        })
        .await
    }

    /// Builds one attempt of a request; nothing is sent.
    pub(crate) fn build(
        &self,
        method: Method,
        path: &str,
        query: Option<&Form>,
        body: Option<&Form>,
        idempotency_key: Option<&str>,
    ) -> Result<reqwest::Request, StripeError> {
        let mut url = format!("{}{path}", self.base);
        if let Some(query) = query.filter(|q| !q.is_empty()) {
            url.push('?');
            url.push_str(&query.encode());
        }
        let url = Url::parse(&url).map_err(|e| StripeError::InvalidInput(format!("bad request URL {url}: {e}")))?;
        // bearer_auth marks the header sensitive, so it is redacted from reqwest's Debug output.
        let mut request = self
            .http
            .request(method, url)
            .bearer_auth(self.key.expose())
            .header(ACCEPT, "application/json")
            .timeout(self.timeout);
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded").body(body.encode());
        }
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        request.build().map_err(|e| StripeError::InvalidInput(format!("cannot build the request for {path}: {e}")))
    }

    async fn send<T: DeserializeOwned>(&self, request: reqwest::Request, path: &str) -> Result<T, StripeError> {
        let response = self.http.execute(request).await.map_err(|e| StripeError::from_transport(&e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| StripeError::from_transport(&e))?;
        if !status.is_success() {
            return Err(StripeError::from_response(status.as_u16(), &body));
        }
        serde_json::from_slice(&body).map_err(|e| StripeError::Decode(format!("{path}: {e}")))
    }
}

/// Accepts `https://api.stripe.com`, with or without a trailing `/` or `/v1`.
fn normalize_base(api_base: &str) -> Result<String, StripeError> {
    let bad = |why: &str| StripeError::InvalidInput(format!("the Stripe API base {api_base:?} {why}"));
    let url = Url::parse(api_base.trim()).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(bad("must be an http(s) URL with a host"));
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry credentials, a query or a fragment"));
    }
    let base = url.as_str().trim_end_matches('/');
    let base = base.strip_suffix("/v1").unwrap_or(base);
    Ok(base.to_owned())
}

/// An id as one URL path segment; empty ids are refused because `/v1/customers/` would address
/// the collection (a POST there creates a customer).
fn segment(id: &str) -> Result<String, StripeError> {
    require_id(id).map(percent_encode)
}

/// The query of one page of a customer's list.
pub(crate) fn list_query(customer: &str, created_gte: Option<&str>, starting_after: Option<&str>) -> Form {
    let mut query = Form::new();
    query.push(&["customer"], customer).push(&["limit"], PAGE_SIZE);
    query.push_opt(&["created", "gte"], created_gte);
    query.push_opt(&["starting_after"], starting_after);
    query
}

fn require_id(id: &str) -> Result<&str, StripeError> {
    if id.is_empty() {
        return Err(StripeError::InvalidInput("an empty Stripe object id".into()));
    }
    Ok(id)
}

fn check_idempotency_key(key: &str) -> Result<(), StripeError> {
    // Stripe allows up to 255 characters; a header value must be visible ASCII.
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(StripeError::InvalidInput("an idempotency key must be 1 to 255 visible ASCII characters".into()));
    }
    Ok(())
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
