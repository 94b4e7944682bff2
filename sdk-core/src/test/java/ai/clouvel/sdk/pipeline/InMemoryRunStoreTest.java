package ai.clouvel.sdk.pipeline;

class InMemoryRunStoreTest extends RunStoreContract {
  @Override
  protected RunStore newStore() {
    return RunStore.inMemory();
  }
}
