package cryptoprocessing

import (

)

