//! `GET /openapi.json`: a hand-written OpenAPI 3.1 description of the HTTP API, kept beside the
//! routes (`openapi.json`) and checked against them by a test.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

/// The document.
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_every_route_of_the_api() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).expect("openapi.json is JSON");
        let paths = doc["paths"].as_object().expect("paths");
        for p in [
            "/healthz",
            "/v1/balance",
            "/v1/usage",
            "/v1/holds",
            "/v1/holds/{id}",
            "/v1/holds/{id}/settle",
            "/v1/holds/{id}/release",
            "/billing",
            "/metrics",
            "/openapi.json",
            "/v1/stripe/webhook",
            "/v1/purchases/{id}/cancel",
        ] {
            assert!(paths.contains_key(p), "{p} is not in openapi.json");
        }
        // Every REST route of the remote CLI, with its method and the scope it needs.
        for r in credits_proto::rest::ROUTES {
            let method = r.method.as_str().to_ascii_lowercase();
            let op = &paths.get(r.path).unwrap_or_else(|| panic!("{} is not in openapi.json", r.path))[&method];
            assert!(op.is_object(), "{} {} is not in openapi.json", r.method.as_str(), r.path);
            let scope = match r.access {
                credits_proto::rest::Access::AnyKey => "any key",
                credits_proto::rest::Access::Scope(s) => s.as_str(),
            };
            // The older seat-token routes say their scope in the document's description.
            if let Some(documented) = op.get("x-scope") {
                assert_eq!(documented, scope, "{} {}", r.method.as_str(), r.path);
            }
        }
    }
}
