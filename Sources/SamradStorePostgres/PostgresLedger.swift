import PostgresNIO
import SamradStore
