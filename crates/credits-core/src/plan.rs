//! Plans: a price per seat and an included monthly allowance per seat.

use serde::{Deserialize, Serialize};

use crate::amount::{Cents, Credits};

/// One plan of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub name: String,
    /// Price per seat per month.
    pub price_cents: Cents,
    /// Included credits per seat per month.
    pub included: Credits,
}

/// The plans a daemon offers, cheapest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanCatalogue {
    plans: Vec<Plan>,
}

impl Default for PlanCatalogue {
    /// The spec's defaults: free 500, pro 2,500 ($20), team 6,000 ($40).
    fn default() -> Self {
        let plan = |name: &str, dollars: i64, credits: i64| Plan {
            name: name.to_owned(),
            price_cents: Cents::new(dollars * 100),
            included: Credits::from_millis(credits * Credits::SCALE),
        };
        PlanCatalogue { plans: vec![plan("free", 0, 500), plan("pro", 20, 2_500), plan("team", 40, 6_000)] }
    }
}

impl PlanCatalogue {
    pub fn new(mut plans: Vec<Plan>) -> Self {
        plans.sort_by_key(|p| p.price_cents);
        PlanCatalogue { plans }
    }

    pub fn get(&self, name: &str) -> Option<&Plan> {
        self.plans.iter().find(|p| p.name == name)
    }

    pub fn all(&self) -> &[Plan] {
        &self.plans
    }

    /// The next plan up by price, if any.
    pub fn upgrade_from(&self, name: &str) -> Option<&Plan> {
        let idx = self.plans.iter().position(|p| p.name == name)?;
        self.plans.get(idx + 1)
    }

    /// Comma-separated names, for error messages.
    pub fn names(&self) -> String {
        self.plans.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ")
    }
}
