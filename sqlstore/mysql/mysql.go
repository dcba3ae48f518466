// Package mysql registers MariaDB and MySQL with sqlstore, through
// github.com/go-sql-driver/mysql (driver name "mysql"). Import it for its
// side effect:
//
//	import _ "github.com/coinsdk/coinsdk/sqlstore/mysql"
//
//	store, err := sqlstore.Open(ctx, "mysql://shop:secret@db.internal:3306/shop")
//
// The URL becomes the driver's DSN (user:pass@tcp(host:port)/db) with
// interpolateParams=true (one round trip per statement instead of three)
// and utf8mb4; query parameters of the URL (tls=true, …) are passed on.
package mysql

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/coinsdk/coinsdk/sqlstore"
)

func init() {
	sqlstore.Register(sqlstore.Driver{Dialect: sqlstore.MySQL, DriverName: "mysql", DSN: DSN, Retryable: Retryable})
}

// DSN converts a mysql://user:pass@host:port/db URL into the driver's DSN.
// Its errors never show the password.
func DSN(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", errors.New("cannot parse the mysql URL")
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net = "tcp"
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "3306")
	}
	cfg.Addr = host
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" || strings.Contains(cfg.DBName, "/") {
		return "", errors.New("the mysql URL needs one database name: mysql://user:pass@host:3306/db")
	}
	cfg.InterpolateParams = true
	cfg.Params = map[string]string{"charset": "utf8mb4"}
	for k, vs := range u.Query() {
		if len(vs) > 0 {
			cfg.Params[k] = vs[len(vs)-1] // ParseDSN below reads the ones the driver knows
		}
	}
	dsn := cfg.FormatDSN()
	if _, err := mysql.ParseDSN(dsn); err != nil {
		return "", fmt.Errorf("bad mysql URL parameters: %s", strings.ReplaceAll(err.Error(), cfg.Passwd, "xxxxx"))
	}
	return dsn, nil
}

// Retryable reports a deadlock (error 1213) or a lock wait timeout (1205):
// InnoDB rolled the transaction (or the statement) back, and running the
// whole transaction again is safe.
func Retryable(err error) bool {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return false
	}
	return me.Number == 1213 || me.Number == 1205
}
