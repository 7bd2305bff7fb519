package sandbox

// TEST KEYS ONLY. These key pairs were generated once for the built-in
// sandbox profile and are public in this repository: they protect nothing
// and must never be configured for the real platform.
//
// The partner pair is what the sandbox profile signs requests with (the
// sandbox holds the public half, as the platform holds a partner's); the
// platform pair is what the sandbox signs its answers with (the profile
// holds the public half to verify them). 1024-bit, as the platform issues.

// Test credentials of the sandbox profile.
const (
	TestSellerID  = "3597746367"
	TestAgentCode = "W03210001"
	// The partner's agreed codes (the manual's example values) and
	// payment ids, which 100 and 130 must carry.
	TestSpSource      = "P05-ADWBPZYL-M-xs165"
	TestNetCampaignNo = "Net"
	TestPartnerID     = "2088601078742391"
	TestItemID        = "2000036117417"
)

// TestPartnerPrivateKeyPEM is a TEST key of the sandbox profile.
const TestPartnerPrivateKeyPEM = `-----BEGIN PRIVATE KEY-----
MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBAMvTK7qjH4qPCgco
52Xbw2IdP3FLSGkwJ3rOCSD3QtZ9G55qfw089UBF1i+r015meRpWB0lGpBxwknWw
XfhEjsSrfItpNfZUP7uC4ba4+A0cyTwboXDt9zNMZlf38V4TBa6txBb0DsDNw9FH
NHUz2GybBvyVoe2qzLLMjMU29oJ/AgMBAAECgYAPgvEbgYmHdm5JcDP3/PsIDvjC
ivumQatnfaGVOCwGfbvp2On1XHO/ofD0bMunrf2+YtioG2+m2GxU94iXOcRxkTiC
pQwUm2GI5hx0eXGyulcgb+Wd31U28RlcRBrk7v4Z6TlBlZpxqV7S2gf/bvipcCf4
rbIUrkriMZnr39PWwQJBAPxeb0ahwxEZxF1gGXtfS0qElLijbGrIgouzm6Tv4KyC
SU73gEGAc3OyPLXbFQRt1cuS7x6tQJjmyRy76WX02z8CQQDOwe5fd+kRtjwmYupd
2QLnWI4UowY8CXAJixDWjVT1o/f/p075LqNjO0Xwsv8tIJqeNV0Q+o86n7JHVMYQ
7MjBAkEA205ZFqEFuXuRx672Fd7mt7fk4VqqoVTjFPGchMUrkd2aRPQRUVqFeXnf
Bg1/Ax1LV5+1Cgx2gSi0hbLKDR6t0wJARL2LYChA0AezldubKhqFcZ8qlcfhwcIt
gq6+qWaR0Z1zTYc1pXkRD2Pci/snBbzqSyFY0NVNG2OO5VJVC7l9wQJAHW4P1NEv
TO8Yh1Bs2CzzI78K2R8X4TMeNx0WwO1pf9u5zoNdxn7LfO4aYTTtfIoqMH3binwW
1WK86OTYMbGAxg==
-----END PRIVATE KEY-----
`

// TestPartnerPublicKeyPEM is a TEST key of the sandbox profile.
const TestPartnerPublicKeyPEM = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDL0yu6ox+KjwoHKOdl28NiHT9x
S0hpMCd6zgkg90LWfRuean8NPPVARdYvq9NeZnkaVgdJRqQccJJ1sF34RI7Eq3yL
aTX2VD+7guG2uPgNHMk8G6Fw7fczTGZX9/FeEwWurcQW9A7AzcPRRzR1M9hsmwb8
laHtqsyyzIzFNvaCfwIDAQAB
-----END PUBLIC KEY-----
`

// TestPlatformPrivateKeyPEM is a TEST key of the sandbox profile.
const TestPlatformPrivateKeyPEM = `-----BEGIN PRIVATE KEY-----
MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAMa+X88Bh9lYSk8+
TLVQcc4nArRbm39cshqyTbrk3Xm5HGE/RcRCXTA+xHrRyAplOw7NINovMx2+42yk
fJ45I1Wlfqgpdx17pfxajYsJND9/WA4UgBl9y7K3lR9IeTD4Y7R8Kbl/5gVykLWi
kUbTcIJ4BUCMo92frx4GgTKUG3WLAgMBAAECgYAS5DqMA507yVGAjtXdaYD0rTvS
Ld/UddjVAmkZGgz9BERXI7VbnnzoZRvQGoWYipILXVXntEZ4Z8WLQjQ5f6NRo0lG
UXy8wQ92yErDT67CGJicU+zMp7H2Cef4Q6yLJsk3pO4OcICl2YtQ+TA/DRs05kFl
762zd4TMXBDxXoC3gQJBAMnN+qFp9ZrL5sAJbYa//6AAmiIEKqIaApn4fJavNsju
W7QjTlpvtBB/2YWjp4DbQzHcBUk7GmgsdDCjyTReGFECQQD8HfSG+PGoqLZO30t3
ptZWG4Qh+bkWNAh1ArCdiZcHNC/L1Z/nmHHGFyJYxuKpUFtShsD9GpZbkE/JjIMj
XFUbAkAJdAqvkQUeUTrn+AkXbNsOpbiSq1tL6KgCim9bp62LUA8fqx+6gM0QkMyh
w/7OvHazWTkuKwSbqKlwtdtxBo9hAkABs0oE5wTqOEkSexsNMYjch876U67V4X/1
GhGK3nSwTb/MxiIP881AosNOifjZX3teMR54FofREkYXe+Uehe7lAkBg4Q2CUzhh
dacIPWr8/hMcvm7Ycu1s1ofLA+Yvj2Xsruc1DlnxKarium11J2PBNeJaHd+jX4Gn
TEYkxmoe8gm+
-----END PRIVATE KEY-----
`

// TestPlatformPublicKeyPEM is a TEST key of the sandbox profile.
const TestPlatformPublicKeyPEM = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDGvl/PAYfZWEpPPky1UHHOJwK0
W5t/XLIask265N15uRxhP0XEQl0wPsR60cgKZTsOzSDaLzMdvuNspHyeOSNVpX6o
KXcde6X8Wo2LCTQ/f1gOFIAZfcuyt5UfSHkw+GO0fCm5f+YFcpC1opFG03CCeAVA
jKPdn68eBoEylBt1iwIDAQAB
-----END PUBLIC KEY-----
`
