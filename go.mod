module github.com/coinsdk/coinsdk

go 1.24

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/jarcoal/httpmock v1.4.1 // indirect
	github.com/shopspring/decimal v1.4.0 // indirect
	github.com/stretchr/testify v1.11.1 // indirect
)
