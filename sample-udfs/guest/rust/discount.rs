//! Tiered discount rules that differ between two tenants, on order totals in BIGINT cents.
//! Each tenant registers its own handler under the same SQL name: `discount(total_cents)`
//! returns the discount in cents, rounded half up; negative totals (refunds) get none.
//! Both handlers also export the batch form (`discount_acme_batch`, `discount_globex_batch`).
#![no_std]

#[macro_use]
#[path = "../../sdk/rust/plugsql.rs"]
mod plugsql;

/// `basis_points` (1/100 of a percent) of `cents`, rounded half up, saturating on overflow.
fn percent_of(cents: i64, basis_points: i64) -> i64 {
    match cents.checked_mul(basis_points).and_then(|v| v.checked_add(5_000)) {
        Some(scaled) => scaled / 10_000,
        None => cents / 10_000 * basis_points,
    }
}

/// ACME: 5% from 100.00, 10% from 500.00, 15% from 2,000.00 capped at 500.00.
fn acme(total_cents: i64) -> i64 {
    match total_cents {
        t if t >= 200_000 => percent_of(t, 1_500).min(50_000),
        t if t >= 50_000 => percent_of(t, 1_000),
        t if t >= 10_000 => percent_of(t, 500),
        _ => 0,
    }
}

/// Globex: 2.50 off from 50.00, 7% from 250.00, 12% from 1,000.00 plus 10.00 off.
fn globex(total_cents: i64) -> i64 {
    match total_cents {
        t if t >= 100_000 => percent_of(t, 1_200).saturating_add(1_000),
        t if t >= 25_000 => percent_of(t, 700),
        t if t >= 5_000 => 250,
        _ => 0,
    }
}

export_bigint_to_bigint!(discount_acme, discount_acme_batch, acme);
export_bigint_to_bigint!(discount_globex, discount_globex_batch, globex);
