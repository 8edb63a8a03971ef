//! The schema itself refuses what the ledger never writes, whoever connects: a journal entry
//! whose workspace or seat does not exist, a change to an entry, and deleting a workspace or a
//! seat that entries may refer to.

use credits_core::PlanCatalogue;
use credits_ledger::Ledger;
use credits_pg::PgLedger;
use credits_pg::testing::PgServer;
use tokio_postgres::error::SqlState;

#[test]
fn the_schema_refuses_dangling_and_changed_rows() {
    let Some(server) = PgServer::start_or_skip("the PostgreSQL schema test") else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    rt.block_on(async {
        let url = server.create_database("schema").expect("database");
        let ledger = PgLedger::open(&url).await.expect("open");
        let now = "2026-11-20T10:00:00Z".parse().expect("instant");
        ledger.ensure_default("alice".into(), PlanCatalogue::default(), now).await.expect("default");
        let (client, conn) = server.config("schema").connect(tokio_postgres::NoTls).await.expect("connect");
        let conn = tokio::spawn(conn);
        let ids = client.query_one("SELECT w.id, s.id FROM workspaces w JOIN seats s ON s.workspace_id = w.id", &[]);
        let ids = ids.await.expect("ids");
        let (ws, seat): (i64, i64) = (ids.get(0), ids.get(1));

        let insert = |ws: i64, seat: Option<i64>| {
            let client = &client;
            async move {
                client
                    .execute(
                        "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, \
                         balance_after_millis, period, time, hash, actor) \
                         VALUES (nextval('journal_id_seq'), $1, $2, 'included', 'debit', -1, 0, '2026-11', \
                         '2026-11-20T10:00:00Z', 'x', 'daemon')",
                        &[&ws, &seat],
                    )
                    .await
            }
        };
        let refused = |result: Result<u64, tokio_postgres::Error>, state: &SqlState, what: &str| {
            let e = result.expect_err(what);
            assert_eq!(e.code(), Some(state), "{what}: {e:?}");
        };
        refused(insert(ws + 1000, Some(seat)).await, &SqlState::FOREIGN_KEY_VIOLATION, "an unknown workspace");
        refused(insert(ws, Some(seat + 1000)).await, &SqlState::FOREIGN_KEY_VIOLATION, "an unknown seat");
        // One statement of several rows is refused whole when any one row dangles.
        let two = client
            .execute(
                "INSERT INTO journal (id, workspace_id, seat_id, pool, kind, amount_millis, balance_after_millis, \
                 period, time, hash, actor) SELECT nextval('journal_id_seq'), w, $2, 'included', 'debit', -1, 0, \
                 '2026-11', '2026-11-20T10:00:00Z', 'x', 'daemon' FROM unnest(ARRAY[$1::BIGINT, $1::BIGINT + 1000]) AS w",
                &[&ws, &seat],
            )
            .await;
        refused(two, &SqlState::FOREIGN_KEY_VIOLATION, "a batch with one unknown workspace");
        assert_eq!(insert(ws, Some(seat)).await.expect("a good entry"), 1);
        assert_eq!(insert(ws, None).await.expect("an entry of no seat"), 1);

        let restrict = &SqlState::RESTRICT_VIOLATION;
        refused(client.execute("UPDATE journal SET memo = 'x'", &[]).await, restrict, "an update of the journal");
        refused(client.execute("DELETE FROM journal", &[]).await, restrict, "a delete from the journal");
        refused(client.execute("DELETE FROM seats", &[]).await, restrict, "a delete of a seat");
        refused(client.execute("DELETE FROM workspaces", &[]).await, restrict, "a delete of a workspace");
        let truncate = client.batch_execute("TRUNCATE workspaces CASCADE").await.map(|()| 0);
        refused(truncate, restrict, "a truncate of workspaces");
        let count = client.query_one("SELECT count(*) FROM journal WHERE memo IS NULL AND hash = 'x'", &[]).await;
        assert_eq!(count.expect("count").get::<_, i64>(0), 2, "only the two good entries were written");
        drop(client);
        let _ = conn.await;
    });
}
