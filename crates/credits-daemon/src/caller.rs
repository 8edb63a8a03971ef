//! Who a request acts for, as the ledger's rules see it: the seat it reaches, whose idempotency
//! keys it uses and whose holds it may touch. Each door builds one (the socket an operator, HTTP
//! a seat token or a workspace API key) and hands it to the same application functions (`usage`,
//! `holds`). It also says who acts ([`Caller::actor`]), recorded with every journal entry the call
//! writes.

use credits_core::Actor;
use credits_core::records::Scope;
use credits_ledger::holds::Owner;
use credits_ledger::idempotency::KeyOwner;

use crate::error::AppError;

/// Which credential a call came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Door {
    /// The local CLI, run by the workspace's operator: any seat of the workspace; idempotency keys
    /// are the workspace's.
    Operator,
    /// An HTTP request with a seat's token: that seat only; keys are the seat's own.
    SeatToken,
    /// An HTTP request with workspace API key `name`: any seat of its workspace (the scopes were
    /// checked at the door). Its idempotency keys are the workspace's, like the operator's: a
    /// CI job that retries through another runner's key, or through the local CLI, replays the
    /// same answer instead of debiting twice (the stored fingerprint still names the seat, so a
    /// key reused for another request is refused).
    Key { name: String },
}

impl Door {
    /// By when a purchase this door asked for must be answered, even if Stripe has not decided:
    /// HTTP requests have a time limit, the socket has none (its client waits as long as it
    /// chose to).
    pub fn answer_by(&self) -> Option<tokio::time::Instant> {
        match self {
            Door::Operator => None,
            Door::SeatToken | Door::Key { .. } => {
                Some(tokio::time::Instant::now() + crate::purchases::flow::HTTP_ANSWER_WITHIN)
            }
        }
    }

    /// A caller that came through this door acting on `scope`: the socket's operator, or a
    /// workspace API key (whose workspace the HTTP route has already put in `scope`).
    pub fn caller(&self, scope: Scope) -> Caller {
        let credential = match self {
            Door::Operator => None,
            Door::SeatToken => scope.seat.clone().map(Actor::Seat),
            Door::Key { name } => Some(Actor::Key(name.clone())),
        };
        Caller { scope, door: self.clone(), credential }
    }
}

/// A request's seat and credential.
#[derive(Debug, Clone)]
pub struct Caller {
    pub scope: Scope,
    pub door: Door,
    /// Who the credential itself names (a seat token's seat; a workspace API key's `key:<name>`):
    /// the actor of every entry the call writes. `None` for the local CLI, whose actor is the
    /// calling OS user.
    pub credential: Option<Actor>,
}

impl Caller {
    /// The local CLI acting on `scope`.
    pub fn operator(scope: Scope) -> Caller {
        Caller { scope, door: Door::Operator, credential: None }
    }

    /// The holder of seat `seat`'s token in `workspace`.
    pub fn seat_token(workspace: String, seat: String) -> Caller {
        let credential = Some(Actor::Seat(seat.clone()));
        Caller {
            scope: Scope { workspace: Some(workspace), seat: Some(seat), user: None },
            door: Door::SeatToken,
            credential,
        }
    }

    /// Who acts: the credential's own name (`seat:<name>`, `key:<name>`), else the CLI's calling
    /// OS user (`cli:<user>`), or `daemon_user` (the daemon's own OS user) when the call names
    /// none. A user name that cannot be recorded (control characters, too long) is refused.
    pub fn actor(&self, daemon_user: &str) -> Result<Actor, AppError> {
        match &self.credential {
            Some(a) => {
                a.validate().map_err(|e| AppError::invalid(format!("actor: {e}")))?;
                Ok(a.clone())
            }
            // `Actor::cli` checks the name as it builds the actor.
            None => Actor::cli(self.scope.user.as_deref().unwrap_or(daemon_user))
                .map_err(|e| AppError::invalid(format!("calling user: {e}"))),
        }
    }

    /// Workspace API key `name` of `workspace`, acting on `seat` (`None`: the workspace's only
    /// seat).
    pub fn key(workspace: String, name: String, seat: Option<String>) -> Caller {
        let credential = Some(Actor::Key(name.clone()));
        Caller { scope: Scope { workspace: Some(workspace), seat, user: None }, door: Door::Key { name }, credential }
    }

    /// Whose idempotency keys this caller's keys are among.
    pub fn key_owner(&self) -> KeyOwner {
        match self.door {
            Door::Operator | Door::Key { .. } => KeyOwner::Workspace,
            Door::SeatToken => KeyOwner::Seat,
        }
    }

    /// The holds this caller may settle or release: the workspace's, or a token's own seat's.
    pub fn hold_owner(&self) -> Owner {
        let seat = match self.door {
            Door::Operator | Door::Key { .. } => None,
            Door::SeatToken => self.scope.seat.clone(),
        };
        Owner { workspace: self.scope.workspace.clone(), seat }
    }
}
