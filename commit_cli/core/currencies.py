"""The currencies a funding amount may be in: the codes of ISO 4217.

The codes in use today, and those withdrawn since 2000 (a plan of 2005 may name the Romanian
leu of then, ROL, or the Ghanaian cedi, GHC), so that an old plan's amounts stay valid. The
fund codes and units of account (XDR, CLF) are ISO codes too; only XTS (for testing) and XXX
(no currency) are left out, as an amount in neither means anything.
"""

from __future__ import annotations

_CURRENT = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP
    DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
    VED VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER
    ZAR ZMW ZWG ZWL
"""
_WITHDRAWN_SINCE_2000 = """
    ADP AFA ATS AZM BEF BGL BYB BYR CSD CYP DEM EEK ESP FIM FRF GHC GRD GWP HRK IEP ITL LTL
    LUF LVL MGF MRO MTL MZM NLG PTE ROL RUR SDD SIT SKK SRG STD TMM TPE TRL VEB VEF XEU XFO
    XFU YUM ZMK ZWD ZWN ZWR
"""
CURRENT = frozenset(_CURRENT.split())
WITHDRAWN_SINCE_2000 = frozenset(_WITHDRAWN_SINCE_2000.split())
CURRENCIES = CURRENT | WITHDRAWN_SINCE_2000


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency (three capital letters of the list)."""
    return code in CURRENCIES
