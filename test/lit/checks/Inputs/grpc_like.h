// A library's own execution context (as asio-grpc's agrpc::GrpcContext):
// not Asio's io_context, so in no wait table; driven by its run().
#pragma once
#include "asio.h"
namespace rpclib {
class context {
public:
  asio::any_io_executor get_executor() { return {}; }
  bool run() { return true; }
  bool is_stopped() const { return false; }
};
} // namespace rpclib
