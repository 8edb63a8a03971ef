//! Input and access, through the real binary: the same amount and memo rules at every door (CLI
//! and HTTP), idempotency keys that belong to their caller, private file modes, and a socket
//! directory the daemon never loosens or takes over.

mod common;

use common::Home;
use common::http::Api;
use serde_json::{Value, json};

fn api_for(home: &Home, seat: &str) -> Api {
    let token = home.json(&["seats", "token", seat])["token"].as_str().expect("a token").to_owned();
    Api::new(&home.http_addr(), Some(&token))
}

fn journal(home: &Home) -> Vec<Value> {
    home.json(&["history", "--limit", "100000"])["entries"].as_array().unwrap().clone()
}

#[test]
fn amounts_with_surrounding_white_space_are_refused_at_every_door() {
    let home = Home::new();
    let api = api_for(&home, "tester");
    let before = journal(&home).len();
    for bad in ["  5 ", "5\n", "\t5", " 5", "5 ", "5\r\n"] {
        let r = home.run(&["spend", bad, "--json"]);
        assert_eq!(r.code, 2, "spend {bad:?}: {r:#?}");
        let r = home.run(&["hold", bad, "--json"]);
        assert_eq!(r.code, 2, "hold {bad:?}: {r:#?}");
        for path in ["/v1/usage", "/v1/holds"] {
            let r = api.post(path, &json!({ "amount": bad }));
            assert_eq!(r.status, 400, "{path} {bad:?}: {r:#?}");
            assert_eq!(r.error_type(), "invalid_input");
        }
    }
    assert_eq!(journal(&home).len(), before, "nothing was written");
    assert_eq!(home.json(&["balance"])["spendable"], "500");
    // The same amounts without the white space still go through.
    home.json(&["spend", "5"]);
    api.post("/v1/usage", &json!({"amount": "5"})).expect(200);
    assert_eq!(home.json(&["balance"])["spendable"], "490");
}

#[test]
fn the_memo_limit_is_1000_characters_at_every_door() {
    let home = Home::new();
    let api = api_for(&home, "tester");
    // 1,000 characters of two bytes each: within the limit everywhere.
    let wide = "é".repeat(1000);
    let r = home.json(&["spend", "1", "--memo", &wide]);
    assert_eq!(r["entries"][0]["memo"], wide.as_str());
    home.json(&["hold", "1", "--memo", &wide]);
    api.post("/v1/usage", &json!({"amount": "1", "memo": wide})).expect(200);
    api.post("/v1/holds", &json!({"amount": "1", "memo": wide})).expect(201);
    let before = journal(&home).len();

    // One more character is refused everywhere, and nothing changes.
    for over in ["é".repeat(1001), "x".repeat(1001)] {
        let r = home.run(&["spend", "1", "--memo", &over, "--json"]).expect(2);
        assert!(r.stdout.contains("1000 characters") || r.stderr.contains("1000 characters"), "{r:#?}");
        home.run(&["hold", "1", "--memo", &over]).expect(2);
        for (path, status) in [("/v1/usage", 400), ("/v1/holds", 400)] {
            let r = api.post(path, &json!({"amount": "1", "memo": over})).expect(status);
            assert_eq!(r.error_type(), "invalid_input");
            assert!(r.json()["error"]["message"].as_str().unwrap().contains("1000 characters"), "{r:#?}");
        }
    }
    assert_eq!(journal(&home).len(), before, "nothing was written");
}
