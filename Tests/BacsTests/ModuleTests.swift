import Testing
@testable import Bacs
