package ai.clouvel.sdk.model;

import ai.clouvel.sdk.internal.Checks;
import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money in integer minor units (cents for USD, yen for JPY) and an ISO-4217 currency.
 * Never a {@code double}.
 *
 * @param minorUnits the amount in the currency's minor unit; may be negative for refunds
 * @param currency the currency
 */
public record Money(long minorUnits, Currency currency) implements Comparable<Money> {

  /** Validates the currency. */
  public Money {
    Checks.of("Money").notNull(currency, "currency").validate();
  }

  /** {@code Money.of(1999, "USD")} is 19.99 US dollars. */
  public static Money of(long minorUnits, String currencyCode) {
    Currency currency;
    try {
      currency = Currency.getInstance(currencyCode);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ai.clouvel.sdk.exception.ValidationException.of(
          "Money", "currency", "'" + currencyCode + "' is not an ISO-4217 currency code");
    }
    return new Money(minorUnits, currency);
  }

  /** Zero in the given currency. */
  public static Money zero(String currencyCode) {
    return of(0, currencyCode);
  }

  /** The sum; both amounts must share a currency. */
  public Money plus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.addExact(minorUnits, other.minorUnits), currency);
  }

  /** The difference; both amounts must share a currency. */
  public Money minus(Money other) {
    requireSameCurrency(other);
    return new Money(Math.subtractExact(minorUnits, other.minorUnits), currency);
  }

  /** The amount in major units, e.g. {@code 19.99}, exactly. */
  public BigDecimal toMajor() {
    return BigDecimal.valueOf(minorUnits, Math.max(0, currency.getDefaultFractionDigits()));
  }

  /** Whether the amount is above zero. */
  public boolean isPositive() {
    return minorUnits > 0;
  }

  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return Long.compare(minorUnits, other.minorUnits);
  }

  private void requireSameCurrency(Money other) {
    if (!currency.equals(other.currency)) {
      throw ai.clouvel.sdk.exception.ValidationException.of(
          "Money", "currency", "cannot combine " + currency + " with " + other.currency);
    }
  }

  /** E.g. {@code 19.99 USD}. */
  @Override
  public String toString() {
    return toMajor().toPlainString() + " " + currency.getCurrencyCode();
  }
}
