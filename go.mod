module github.com/coinsdk/coinsdk

go 1.24

require (
	github.com/google/uuid v1.6.0
	github.com/jarcoal/httpmock v1.4.1
	github.com/shopspring/decimal v1.4.0
)
