module github.com/coinsdk/coinsdk

go 1.24

require (
	github.com/google/uuid v1.6.0
	github.com/jarcoal/httpmock v1.4.1
	github.com/shopspring/decimal v1.4.0
)

require (
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
