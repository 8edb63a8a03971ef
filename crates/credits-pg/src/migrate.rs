//! Embedded, numbered migrations, applied in one transaction under an advisory lock so that
//! several daemons starting together migrate once. An applied migration is never edited; add a
//! new file instead.

use credits_ledger::StoreError;
use tokio_postgres::Client;

/// Migrations in order; the index + 1 is the version recorded in `schema_migrations`.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_ledger", include_str!("migrations/0001_ledger.sql")),
    ("0002_topup_limits", include_str!("migrations/0002_topup_limits.sql")),
    ("0003_journal_by_time", include_str!("migrations/0003_journal_by_time.sql")),
    ("0004_notifications", include_str!("migrations/0004_notifications.sql")),
    ("0005_journal_references_per_statement", include_str!("migrations/0005_journal_references_per_statement.sql")),
];

/// The advisory lock every migrating daemon takes first (any fixed number; "credits" in ASCII).
const MIGRATION_LOCK: i64 = 0x63_72_65_64_69_74_73;

/// Applies the migrations the database lacks. The advisory lock is held until the transaction
/// ends, so a second daemon waits, then finds nothing left to do. A database migrated by a newer
/// build is refused rather than written with an older schema in mind.
pub async fn migrate(client: &mut Client) -> Result<usize, StoreError> {
    let tx = client.transaction().await?;
    // Another daemon's migration may take longer than the connections' 10 s `lock_timeout`: a
    // daemon starting beside it waits up to 5 minutes for it (and for the locks DDL takes).
    tx.batch_execute("SET LOCAL lock_timeout = '5min'").await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
             version    INTEGER PRIMARY KEY,
             name       TEXT NOT NULL,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )
    .await?;
    let current: i32 = tx.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[]).await?.get(0);
    let current = usize::try_from(current).unwrap_or(usize::MAX);
    if current > MIGRATIONS.len() {
        return Err(StoreError::Internal(format!(
            "database schema version {current} is newer than this build ({}); upgrade studio-credits",
            MIGRATIONS.len()
        )));
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(current) {
        tx.batch_execute(sql).await?;
        let version = i32::try_from(i + 1).unwrap_or(i32::MAX);
        tx.execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", &[&version, name]).await?;
    }
    tx.commit().await?;
    Ok(MIGRATIONS.len() - current)
}

/// The schema version this build migrates to.
pub fn latest() -> usize {
    MIGRATIONS.len()
}
